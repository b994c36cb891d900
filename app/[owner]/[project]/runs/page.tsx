import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { currentActor } from "@/lib/auth/session";
import { listParams } from "@/lib/page-params";
import { InvalidError } from "@/lib/registry/errors";
import { listRuns, type RunView } from "@/lib/registry/runs";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Pager } from "@/components/ui/pager";
import { QueryBox } from "@/components/ui/query-box";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { RunStatusBadge } from "@/components/run/status-badge";

type Props = { params: Promise<{ owner: string; project: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { owner, project } = await params;
  return { title: `Runs · ${owner}/${project}` };
}

function keyMetrics(rows: RunView[]): string[] {
  const c = new Map<string, number>();
  for (const r of rows) for (const [k, v] of Object.entries(r.outputs)) if (typeof v === "number") c.set(k, (c.get(k) ?? 0) + 1);
  return [...c.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 4).map(([k]) => k);
}
const fmt = (v: unknown) => (typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toFixed(4).replace(/0+$/, "")) : "—");

export default async function RunsPage({ params, searchParams }: Props) {
  const { owner, project } = await params;
  const { query, sort, offset, limit } = listParams(await searchParams, 25);
  let error: string | null = null;
  const list = await listRuns(await getDb(), await currentActor(), owner, project, { query, sort, limit, offset }).catch((err) => {
    if (err instanceof InvalidError) {
      error = err.message;
      return null;
    }
    throw err;
  });
  const base = `/${owner}/${project}`;
  const rows = list?.results ?? [];
  const metrics = keyMetrics(rows);
  const current = sort || "-created_at";
  const sortHref = (f: string) => `${base}/runs?${new URLSearchParams({ ...(query ? { query } : {}), sort: current === `-${f}` ? f : `-${f}` })}`;
  const arrow = (f: string) => (current === `-${f}` ? " ↓" : current === f ? " ↑" : "");
  return (
    <>
      <QueryBox query={query} sort={sort} placeholder="status:succeeded, outputs.accuracy:>=0.9, inputs.lr:<0.01" error={error} />
      {rows.length === 0 ? (
        <EmptyState title={query ? "No run matches this query" : "No runs yet"}>
          {query ? <p>Try a broader query.</p> : (
            <>
              <p>Log a run from your training script:</p>
              <pre className="mt-3 overflow-x-auto rounded bg-zinc-900 px-3 py-2 text-left text-xs text-zinc-100">{`curl -X POST -H "Authorization: Bearer $TOKEN" -H "content-type: application/json" \\
  -d '{"name":"baseline","status":"succeeded","inputs":{"lr":0.01},"outputs":{"accuracy":0.93}}' \\
  http://localhost:3000/api/v1/${owner}/${project}/runs`}</pre>
            </>
          )}
        </EmptyState>
      ) : (
        <Table aria-label="Runs">
          <THead>
            <tr>
              <TH><Link href={sortHref("name")}>Name{arrow("name")}</Link></TH>
              <TH>Status</TH>
              {metrics.map((m) => <TH key={m} className="text-right"><Link href={sortHref(`outputs.${m}`)}>{m}{arrow(`outputs.${m}`)}</Link></TH>)}
              <TH>Tags</TH>
              <TH>By</TH>
              <TH><Link href={sortHref("created_at")}>Created{arrow("created_at")}</Link></TH>
            </tr>
          </THead>
          <TBody>
            {rows.map((r) => (
              <TR key={r.id}>
                <TD>
                  <Link href={`${base}/runs/${r.uuid}`} className="font-medium text-accent-700 hover:underline dark:text-accent-100">{r.name || r.uuid.slice(0, 8)}</Link>
                  {(r.metaInfo as { is_promoted?: boolean }).is_promoted ? <Badge tone="violet" className="ml-2">promoted</Badge> : null}
                </TD>
                <TD><RunStatusBadge status={r.status} /></TD>
                {metrics.map((k) => <TD key={k} className="text-right font-mono text-[13px] tabular-nums">{fmt(r.outputs[k])}</TD>)}
                <TD><div className="flex flex-wrap gap-1">{r.tags.map((t) => <Badge key={t}>{t}</Badge>)}</div></TD>
                <TD className="text-zinc-600 dark:text-zinc-400">{r.createdBy ?? "—"}</TD>
                <TD className="whitespace-nowrap text-zinc-600 dark:text-zinc-400"><RelativeTime date={r.createdAt} /></TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
      {list ? <Pager basePath={`${base}/runs`} params={{ ...(query ? { query } : {}), ...(sort ? { sort } : {}) }} offset={offset} limit={limit} count={list.count} capped={list.countCapped} /> : null}
    </>
  );
}
