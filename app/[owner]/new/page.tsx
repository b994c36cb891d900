import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { orgCan } from "@/lib/authz";
import { currentActor } from "@/lib/auth/session";
import { listMyOrganizations } from "@/lib/registry/orgs";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { CreateModelForm } from "./create-model-form";

export const metadata: Metadata = { title: "New model" };

export default async function NewModelPage({ params }: { params: Promise<{ owner: string }> }) {
  const { owner } = await params;
  const actor = await currentActor();
  if (actor.kind !== "user") redirect(`/login?callbackUrl=/${owner}/new`);
  const orgs = (await listMyOrganizations(await getDb(), actor)).filter((o) => orgCan(o.role, "project.create"));
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader title="Create a model" description="A model keeps the versions of one model asset: their metadata, files, stage and history." />
      {orgs.length === 0 ? (
        <EmptyState title="You cannot create models here">Ask an admin of your organization for the admin role.</EmptyState>
      ) : (
        <CreateModelForm owners={orgs.map((o) => o.name)} defaultOwner={orgs.some((o) => o.name === owner) ? owner : orgs[0].name} />
      )}
    </div>
  );
}
