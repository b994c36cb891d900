// The Runs tab: a PQL query box (query in the URL), status filters, and a table sortable by any metric.
import { CodeBlock } from "@/components/ui/code-block";
import type { Metadata } from "next";
import Link from "next/link";
import { PendingLink, PendingRegion } from "@/components/ui/pending";
import { requestOrigin } from "@/lib/origin";
import { registryDb } from "@/lib/registry/request";
import { projectCan } from "@/lib/authz";
import { currentActor } from "@/lib/auth/session";
import { listParams } from "@/lib/page-params";
import { InvalidError } from "@/lib/registry/errors";
import { RUN_STATUSES, isPromoted, listRuns } from "@/lib/registry/runs";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Pager } from "@/components/ui/pager";
import { QueryBox } from "@/components/ui/query-box";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { formatValue, keyMetrics } from "@/components/run/format";
import { RunStatusBadge } from "@/components/run/status-badge";

type Props = { params: Promise<{ owner: string; project: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { owner, project } = await params;
  return { title: `Runs · ${owner}/${project}` };
}

const chip = (active: boolean) =>
  cn(
    "rounded-full border px-3 py-1 text-xs no-underline",
    active
      ? "border-accent-500 bg-accent-50 text-accent-700 dark:bg-accent-700/20 dark:text-accent-100"
      : "border-zinc-300 text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800",
  );

export default async function RunsPage({ params, searchParams }: Props) {
  const { owner, project } = await params;
  const { query, sort, offset, limit } = listParams(await searchParams, 25);
  let error: string | null = null;
  const list = await listRuns(await registryDb(), await currentActor(), owner, project, { query, sort, limit, offset }).catch((err) => {
    if (err instanceof InvalidError) {
      error = err.message;
      return null;
    }
    throw err;
  });
  const base = `/${owner}/${project}`;
  const rows = list?.results ?? [];
  const current = sort || "-created_at";
  // The metric the table is sorted by is always a column, even when few runs have it.
  const sortedMetric = /^-?outputs\.([A-Za-z0-9_-]+)$/.exec(current.split(",")[0])?.[1];
  const metrics = keyMetrics(rows);
  if (sortedMetric && !metrics.includes(sortedMetric)) metrics.unshift(sortedMetric);
  const sortHref = (f: string) => `${base}/runs?${new URLSearchParams({ ...(query ? { query } : {}), sort: current === `-${f}` ? f : `-${f}` })}`;
  const arrow = (f: string) => (current === `-${f}` ? " ↓" : current === f ? " ↑" : "");
  const ariaSort = (f: string) => (current === `-${f}` ? "descending" : current === f ? "ascending" : undefined);
  const disabled = list?.access.project.excludedFeatures.includes("runs");
  const canLog = Boolean(list && projectCan(list.access.role, "run.write") && !disabled);
  const curl = `curl -X POST \\
  ${await requestOrigin()}/api/v1/${owner}/${project}/runs \\
  -H "Authorization: Bearer $MODELREG_TOKEN" \\
  -H "Content-Type: application/json" \\
  -d '{"name": "baseline", "status": "succeeded",
       "inputs": {"lr": 0.01, "epochs": 10},
       "outputs": {"accuracy": 0.93, "loss": 0.21}}'`;
  return (
    <PendingRegion>
      {disabled ? (
        <div className="mb-4">
          <Alert tone="info">The runs feature is disabled for this project: its runs stay readable, but new runs are refused and none can be promoted.</Alert>
        </div>
      ) : null}
      <nav className="mb-3 flex flex-wrap items-center gap-2" aria-label="Filter by status">
        <PendingLink href={`${base}/runs`} className={chip(!query)} aria-current={!query ? "true" : undefined}>
          All
        </PendingLink>
        {RUN_STATUSES.map((s) => (
          <PendingLink
            key={s}
            href={`${base}/runs?${new URLSearchParams({ query: `status:${s}`, ...(sort ? { sort } : {}) })}`}
            className={chip(query === `status:${s}`)}
            aria-current={query === `status:${s}` ? "true" : undefined}
          >
            {s}
          </PendingLink>
        ))}
      </nav>
      <QueryBox query={query} sort={sort} placeholder="status:succeeded, outputs.accuracy:>=0.9, inputs.lr:<0.01, tags:baseline" error={error} />
      {rows.length === 0 ? (
        <EmptyState
          title={error ? "The query could not be run" : query ? "No run matches this query" : "No runs yet"}
          action={
            !query && !error && canLog ? (
              <CodeBlock className="max-w-full overflow-x-auto rounded bg-zinc-900 px-4 py-3 text-left text-xs leading-5 text-zinc-100">{curl}</CodeBlock>
            ) : undefined
          }
        >
          {query || error ? (
            <p>
              Fix or broaden the query; fields are name, description, status, tags, uuid, created_at, updated_at, inputs.&lt;param&gt; and
              outputs.&lt;metric&gt;.
            </p>
          ) : canLog ? (
            <p>Log a run from your training script with a personal access token:</p>
          ) : (
            <p>Runs appear here once training code logs them.</p>
          )}
        </EmptyState>
      ) : (
        <Table aria-label="Runs">
          <THead>
            <tr>
              <TH aria-sort={ariaSort("name")}>
                <PendingLink href={sortHref("name")}>Name{arrow("name")}</PendingLink>
              </TH>
              <TH aria-sort={ariaSort("status")}>
                <PendingLink href={sortHref("status")}>Status{arrow("status")}</PendingLink>
              </TH>
              {metrics.map((m) => (
                <TH key={m} className="text-right" aria-sort={ariaSort(`outputs.${m}`)}>
                  <PendingLink href={sortHref(`outputs.${m}`)} title={`Sort by outputs.${m}`}>
                    {m}
                    {arrow(`outputs.${m}`)}
                  </PendingLink>
                </TH>
              ))}
              <TH>Tags</TH>
              <TH>By</TH>
              <TH aria-sort={ariaSort("created_at")}>
                <PendingLink href={sortHref("created_at")}>Created{arrow("created_at")}</PendingLink>
              </TH>
            </tr>
          </THead>
          <TBody>
            {rows.map((r) => (
              <TR key={r.id}>
                <TD className="whitespace-nowrap">
                  <Link href={`${base}/runs/${r.uuid}`} className="font-medium text-accent-700 hover:underline dark:text-accent-100">
                    {r.name || r.uuid.slice(0, 8)}
                  </Link>
                  {isPromoted(r) ? (
                    <Badge tone="violet" className="ml-2" title="A model version was promoted from this run">
                      promoted
                    </Badge>
                  ) : null}
                </TD>
                <TD>
                  <RunStatusBadge status={r.status} />
                </TD>
                {metrics.map((k) => (
                  <TD key={k} className="text-right font-mono text-[13px] tabular-nums">
                    {formatValue(r.outputs[k])}
                  </TD>
                ))}
                <TD>
                  <div className="flex flex-wrap gap-1">
                    {r.tags.map((t) => (
                      <Badge key={t}>{t}</Badge>
                    ))}
                  </div>
                </TD>
                <TD className="text-zinc-600 dark:text-zinc-400">{r.createdBy ?? "—"}</TD>
                <TD className="whitespace-nowrap text-zinc-600 dark:text-zinc-400">
                  <RelativeTime date={r.createdAt} />
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
      {list && rows.length ? (
        <Pager
          basePath={`${base}/runs`}
          params={{ ...(query ? { query } : {}), ...(sort ? { sort } : {}) }}
          offset={offset}
          limit={limit}
          count={list.count}
          capped={list.countCapped}
        />
      ) : null}
      {rows.length && canLog ? (
        <details className="mt-6 text-sm text-zinc-600 dark:text-zinc-400">
          <summary className="cursor-pointer select-none">Log runs from a training script</summary>
          <CodeBlock className="mt-2 overflow-x-auto rounded bg-zinc-900 px-3 py-2 text-xs text-zinc-100">{curl}</CodeBlock>
          <p className="mt-2">
            Update it as training goes with <code className="font-mono">PATCH …/runs/&lt;uuid&gt;</code>: <code className="font-mono">outputs</code> and{" "}
            <code className="font-mono">inputs</code> are merged, so each call may log a few metrics.
          </p>
        </details>
      ) : null}
    </PendingRegion>
  );
}
