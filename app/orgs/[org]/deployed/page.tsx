// What an organization has in production: each model the viewer may read with its production version, aliases,
// key metrics, and when it got there and by whom (lib/registry/deployed.ts); filterable by model name.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { listDeployed } from "@/lib/registry/deployed";
import { listRecentChanges } from "@/lib/registry/org-recent";
import { InvalidError, NotFoundError } from "@/lib/registry/errors";
import { registryDb } from "@/lib/registry/request";
import { RecentChanges } from "@/components/org/recent-changes";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ org: string }>; searchParams: Promise<{ q?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `In production · ${(await params).org}` };
}

const metricText = (v: unknown) => (typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toPrecision(4)) : String(v));

export default async function DeployedPage({ params, searchParams }: Props) {
  const { org } = await params;
  const q = ((await searchParams).q ?? "").trim();
  let problem: string | null = null;
  const db = await registryDb();
  const actor = await currentActor();
  const recent = listRecentChanges(db, actor, org, { limit: 20 }).catch((err) => {
    if (err instanceof NotFoundError) return null;
    throw err;
  });
  const r = await listDeployed(db, actor, org, q ? { q } : {}).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    if (err instanceof InvalidError) {
      problem = err.message;
      return { org, results: [] };
    }
    throw err;
  });
  const enc = encodeURIComponent;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-zinc-500 dark:text-zinc-400">
        <Link href={`/${enc(r.org)}`} className="hover:underline">
          {r.org}
        </Link>
      </nav>
      <PageHeader title="In production" description="The newest production version of each model you may read, most recent first." />
      <search className="mb-4 block">
        <form method="get" className="flex max-w-md gap-2">
          <label htmlFor="deployed-q" className="sr-only">
            Filter by model name
          </label>
          <input
            id="deployed-q"
            name="q"
            type="search"
            defaultValue={q}
            maxLength={100}
            placeholder="Filter by model name"
            className="h-9 flex-1 rounded-md border border-zinc-300 bg-white px-3 text-sm focus:border-accent-500 focus:ring-2 focus:ring-accent-500/30 focus:outline-none dark:border-zinc-700 dark:bg-zinc-900"
          />
          <button
            type="submit"
            className="h-9 rounded-md border border-zinc-300 px-3 text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            Filter
          </button>
        </form>
      </search>
      {problem ? <Alert>{problem}</Alert> : null}
      {r.results.length ? (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <Table aria-label="Models in production">
            <THead>
              <TR>
                <TH scope="col">Model</TH>
                <TH scope="col">Version</TH>
                <TH scope="col">Metrics</TH>
                <TH scope="col">Since</TH>
                <TH scope="col">By</TH>
              </TR>
            </THead>
            <TBody>
              {r.results.map((d) => (
                <TR key={d.model}>
                  <TD>
                    <Link href={`/${enc(r.org)}/${enc(d.model)}`} className="font-medium hover:underline">
                      {d.model}
                    </Link>
                    {d.isPublic ? null : (
                      <Badge tone="slate" className="ml-2">
                        Private
                      </Badge>
                    )}
                  </TD>
                  <TD>
                    <Link href={`/${enc(r.org)}/${enc(d.model)}/versions/${enc(d.version)}`} className="font-mono hover:underline">
                      {d.version}
                    </Link>
                    {d.aliases.map((a) => (
                      <span key={a} className="ml-1.5 font-mono text-xs text-violet-700 dark:text-violet-300">
                        @{a}
                      </span>
                    ))}
                  </TD>
                  <TD className="font-mono text-xs">
                    {Object.entries(d.metrics)
                      .slice(0, 3)
                      .map(([k, v]) => `${k} ${metricText(v)}`)
                      .join(" · ") || "—"}
                  </TD>
                  <TD className="whitespace-nowrap">
                    <RelativeTime date={d.since} />
                  </TD>
                  <TD>{d.by ?? "—"}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </div>
      ) : (
        <EmptyState title={q ? "No model matches" : "Nothing in production yet"}>
          {q
            ? `No model you may read whose name contains “${q}” has a version in production.`
            : "When a version of a model moves to production, it shows here."}
        </EmptyState>
      )}
      <section aria-labelledby="recent-heading" className="mt-10">
        <h2 id="recent-heading" className="mb-1 text-base font-semibold">
          Recently changed
        </h2>
        <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
          New versions, stage changes and alias moves across the models you may read, newest first.
        </p>
        <RecentChanges org={r.org} changes={(await recent)?.results ?? []} />
      </section>
    </>
  );
}
