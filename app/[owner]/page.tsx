import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDb } from "@/db";
import { currentActor } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/registry/errors";
import { getOrganization } from "@/lib/registry/orgs";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

type Props = { params: Promise<{ owner: string }>; searchParams: Promise<{ welcome?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).owner };
}

export default async function OrganizationPage({ params, searchParams }: Props) {
  const { owner } = await params;
  const { welcome } = await searchParams;
  const org = await getOrganization(await getDb(), await currentActor(), owner).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  return (
    <>
      {welcome ? (
        <p role="status" className="mb-4 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:border-emerald-900 dark:bg-emerald-950 dark:text-emerald-200">
          Welcome to Modelreg! This is your personal organization, <strong>{org.name}</strong>.
        </p>
      ) : null}
      <PageHeader
        title={
          <span className="flex items-center gap-3">
            {org.displayName || org.name}
            {org.personal ? <Badge tone="blue">personal</Badge> : null}
            {org.viewerRole ? <Badge tone="violet">{org.viewerRole}</Badge> : null}
          </span>
        }
        description={org.description || `@${org.name}`}
      />
      <EmptyState title="No models yet">
        Models that {org.name} publishes, or that you may see, will be listed here.
      </EmptyState>
    </>
  );
}
