import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db";
import { orgCan } from "@/lib/authz";
import { currentActor } from "@/lib/auth/session";
import { listParams } from "@/lib/page-params";
import { InvalidError, NotFoundError } from "@/lib/registry/errors";
import { getOrganization } from "@/lib/registry/orgs";
import { listProjects } from "@/lib/registry/projects";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/ui/pager";
import { QueryBox } from "@/components/ui/query-box";
import { RelativeTime } from "@/components/ui/relative-time";

type Props = { params: Promise<{ owner: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).owner };
}

export default async function OrganizationPage({ params, searchParams }: Props) {
  const { owner } = await params;
  const sp = await searchParams;
  const { query, sort, offset, limit, one } = listParams(sp, 20);
  const db = await getDb();
  const actor = await currentActor();
  const org = await getOrganization(db, actor, owner).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  let error: string | null = null;
  const list = await listProjects(db, actor, org.name, { query, sort, limit, offset }).catch((err) => {
    if (err instanceof InvalidError) {
      error = err.message;
      return { count: 0, results: [] };
    }
    throw err;
  });
  const canCreate = orgCan(org.viewerRole, "project.create");
  return (
    <>
      {one("welcome") ? (
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
        actions={canCreate ? <ButtonLink href={`/${org.name}/new`}>New model</ButtonLink> : null}
      />
      <QueryBox query={query} sort={sort} placeholder="name:%fraud%, tags:nlp|vision, is_public:true" error={error} />
      {list.results.length === 0 ? (
        <EmptyState
          title={query ? "No model matches this query" : "No models yet"}
          action={canCreate && !query ? <ButtonLink href={`/${org.name}/new`}>Create a model</ButtonLink> : null}
        >
          {query ? (
            <p>Try a broader query, or <Link href={`/${org.name}`} className="text-accent-600 underline">clear it</Link>.</p>
          ) : canCreate ? (
            <>
              <p>A model keeps the versions of one model asset, with their stages and history. Create one here, or from the CLI:</p>
              <pre className="mt-3 rounded bg-zinc-900 px-3 py-2 text-left text-xs text-zinc-100">modelreg project create --name {org.name}/my-model</pre>
            </>
          ) : (
            <p>{org.name} has no models you may see.</p>
          )}
        </EmptyState>
      ) : (
        <ul aria-label="Models" className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
          {list.results.map((p) => (
            <li key={p.id} className="flex flex-wrap items-start justify-between gap-3 px-5 py-4">
              <div className="min-w-0">
                <div className="flex items-center gap-2">
                  <Link href={`/${org.name}/${p.name}`} className="font-semibold text-accent-700 hover:underline dark:text-accent-100">
                    {p.name}
                  </Link>
                  <Badge tone={p.isPublic ? "green" : "neutral"}>{p.isPublic ? "Public" : "Private"}</Badge>
                </div>
                {p.description ? <p className="mt-1 line-clamp-2 text-sm text-zinc-600 dark:text-zinc-400">{p.description}</p> : null}
                {p.tags.length ? (
                  <div className="mt-2 flex flex-wrap gap-1.5">
                    {p.tags.map((t) => <Badge key={t} tone="blue">{t}</Badge>)}
                  </div>
                ) : null}
              </div>
              <span className="text-xs text-zinc-500">Updated <RelativeTime date={p.updatedAt} /></span>
            </li>
          ))}
        </ul>
      )}
      <Pager basePath={`/${org.name}`} params={{ ...(query ? { query } : {}), ...(sort ? { sort } : {}) }} offset={offset} limit={limit} count={list.count} />
    </>
  );
}
