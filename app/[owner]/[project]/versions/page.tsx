import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { currentActor } from "@/lib/auth/session";
import { listParams } from "@/lib/page-params";
import { InvalidError } from "@/lib/registry/errors";
import { listVersions, type VersionView } from "@/lib/registry/versions";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Pager } from "@/components/ui/pager";
import { QueryBox } from "@/components/ui/query-box";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { cn } from "@/components/ui/cn";
import { StageBadge } from "@/components/version/stage-badge";

type Props = { params: Promise<{ owner: string; project: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { owner, project } = await params;
  return { title: `Versions · ${owner}/${project}` };
}

/** The metric keys most common on this page, so the table shows what this model is judged by. */
function keyMetrics(rows: VersionView[], max = 4): string[] {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const m = (r.metaInfo as { metrics?: Record<string, unknown> }).metrics;
    if (m && typeof m === "object") for (const [k, v] of Object.entries(m)) if (typeof v === "number") counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, max).map(([k]) => k);
}

const fmt = (v: unknown) => (typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toFixed(4).replace(/0+$/, "")) : "—");

export default async function VersionsPage({ params, searchParams }: Props) {
  const { owner, project } = await params;
  const { query, sort, offset, limit } = listParams(await searchParams, 25);
  let error: string | null = null;
  const list = await listVersions(await getDb(), await currentActor(), owner, project, "model", { query, sort, limit, offset }).catch((err) => {
    if (err instanceof InvalidError) {
      error = err.message;
      return null;
    }
    throw err;
  });
  const base = `/${owner}/${project}`;
  const rows = list?.results ?? [];
  const metrics = keyMetrics(rows);
  const currentSort = sort || "-created_at";
  const sortHref = (field: string) => {
    const next = currentSort === `-${field}` ? field : `-${field}`;
    return `${base}/versions?${new URLSearchParams({ ...(query ? { query } : {}), sort: next })}`;
  };
  const arrow = (field: string) => (currentSort === `-${field}` ? " ↓" : currentSort === field ? " ↑" : "");
  const chips = ["production", "staging", "testing", "disabled"];
  return (
    <>
      <div className="mb-3 flex flex-wrap items-center gap-2" aria-label="Filter by stage">
        <Link href={`${base}/versions`} className={cn("rounded-full border px-3 py-1 text-xs", !query ? "border-accent-500 bg-accent-50 text-accent-700" : "border-zinc-300 dark:border-zinc-700")}>All</Link>
        {chips.map((s) => (
          <Link key={s} href={`${base}/versions?query=${encodeURIComponent(`stage:${s}`)}`} aria-current={query === `stage:${s}` ? "true" : undefined} className={cn("rounded-full border px-3 py-1 text-xs", query === `stage:${s}` ? "border-accent-500 bg-accent-50 text-accent-700" : "border-zinc-300 dark:border-zinc-700")}>
            {s}
          </Link>
        ))}
      </div>
      <QueryBox query={query} sort={sort} placeholder="stage:production|staging, meta.metrics.accuracy:>=0.9, tags:~legacy" error={error} />
      {rows.length === 0 ? (
        <EmptyState title={query ? "No version matches this query" : "No versions yet"}>
          {query ? <p>Try a broader query.</p> : (
            <>
              <p>Register the first version from your training code or the CLI:</p>
              <pre className="mt-3 rounded bg-zinc-900 px-3 py-2 text-left text-xs text-zinc-100">{`modelreg models register -p ${owner}/${project} --meta-info '{"metrics":{"accuracy":0.9}}'`}</pre>
            </>
          )}
        </EmptyState>
      ) : (
        <form action={`${base}/versions/compare`} method="get">
          <Table aria-label="Versions">
            <THead>
              <tr>
                <TH className="w-8"><span className="sr-only">Compare</span></TH>
                <TH><Link href={sortHref("name")}>Name{arrow("name")}</Link></TH>
                <TH>Stage</TH>
                {metrics.map((m) => <TH key={m} className="text-right"><Link href={sortHref(`meta.metrics.${m}`)}>{m}{arrow(`meta.metrics.${m}`)}</Link></TH>)}
                <TH>Tags</TH>
                <TH>By</TH>
                <TH><Link href={sortHref("created_at")}>Created{arrow("created_at")}</Link></TH>
              </tr>
            </THead>
            <TBody>
              {rows.map((v) => {
                const m = ((v.metaInfo as { metrics?: Record<string, unknown> }).metrics ?? {}) as Record<string, unknown>;
                return (
                  <TR key={v.id}>
                    <TD><input type="checkbox" name="v" value={v.name} aria-label={`Compare ${v.name}`} /></TD>
                    <TD><Link href={`${base}/versions/${encodeURIComponent(v.name)}`} className="font-medium text-accent-700 hover:underline dark:text-accent-100">{v.name}</Link></TD>
                    <TD><StageBadge stage={v.stage} /></TD>
                    {metrics.map((k) => <TD key={k} className="text-right font-mono text-[13px] tabular-nums">{fmt(m[k])}</TD>)}
                    <TD><div className="flex flex-wrap gap-1">{v.tags.map((t) => <Badge key={t}>{t}</Badge>)}</div></TD>
                    <TD className="text-zinc-600 dark:text-zinc-400">{v.createdBy ?? "—"}</TD>
                    <TD className="whitespace-nowrap text-zinc-600 dark:text-zinc-400"><RelativeTime date={v.createdAt} /></TD>
                  </TR>
                );
              })}
            </TBody>
          </Table>
          <div className="mt-3"><button type="submit" className="text-sm text-accent-600 hover:underline">Compare selected</button></div>
        </form>
      )}
      {list ? <Pager basePath={`${base}/versions`} params={{ ...(query ? { query } : {}), ...(sort ? { sort } : {}) }} offset={offset} limit={limit} count={list.count} capped={list.countCapped} /> : null}
    </>
  );
}
