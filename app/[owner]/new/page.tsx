import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { registryDb } from "@/lib/registry/request";
import { currentActor } from "@/lib/auth/session";
import { listCreatableOwners } from "@/lib/registry/projects";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { CreateModelForm } from "./create-model-form";

export const metadata: Metadata = { title: "New model" };
export const dynamic = "force-dynamic";

export default async function NewModelPage({ params }: { params: Promise<{ owner: string }> }) {
  const { owner } = await params;
  const actor = await currentActor();
  if (actor.kind !== "user") redirect(`/login?callbackUrl=${encodeURIComponent(`/${owner}/new`)}`);
  // Only the organizations where the registry would let this user create (admins and above; their own).
  const owners = await listCreatableOwners(await registryDb(), actor);
  const wanted = owner.toLowerCase();
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title="Create a model" description="A model keeps the versions of one model: their metadata, files, stage and history." />
      {owners.length === 0 ? (
        <EmptyState title="You cannot create models here">
          Creating models needs the admin role in an organization. Ask an admin of {owner} for it, or use{" "}
          <Link href="/" className="text-accent-600 dark:text-accent-300 underline">
            your personal organization
          </Link>
          .
        </EmptyState>
      ) : (
        <>
          {!owners.includes(wanted) ? (
            <p className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-200">
              You cannot create models in {owner}; choose one of your organizations below.
            </p>
          ) : null}
          <CreateModelForm owners={owners} defaultOwner={owners.includes(wanted) ? wanted : owners[0]} />
          <p className="mt-4 text-center text-xs text-zinc-500 dark:text-zinc-400">
            Or from the CLI:{" "}
            <code className="rounded bg-zinc-100 px-1 py-0.5 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
              modelreg project create --name {owners.includes(wanted) ? wanted : owners[0]}/my-model
            </code>
          </p>
        </>
      )}
    </div>
  );
}
