import { CodeBlock } from "@/components/ui/code-block";
import type { Metadata } from "next";
import { registryDb } from "@/lib/registry/request";
import { currentActor } from "@/lib/auth/session";
import { projectCan } from "@/lib/authz";
import { versionsFlash } from "@/lib/flash";
import { listParams } from "@/lib/page-params";
import type { ProjectAccess } from "@/lib/registry/access";
import { awaitingApproval } from "@/lib/registry/approvals";
import { InvalidError } from "@/lib/registry/errors";
import { listVersionsWith } from "@/lib/registry/version-list";
import { versionChartRows } from "@/lib/registry/version-chart";
import { Button, ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FlashNotice } from "@/components/ui/flash-notice";
import { PendingRegion } from "@/components/ui/pending";
import { Pager } from "@/components/ui/pager";
import { QueryBox } from "@/components/ui/query-box";
import { MetricCharts } from "@/components/version/metric-charts";
import { keyMetricKeys } from "@/components/version/metrics";
import { StageChips } from "@/components/version/stage-chips";
import { VersionTable } from "@/components/version/version-table";
import { pageAccess } from "../page-access";

type Props = { params: Promise<{ owner: string; project: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { owner, project } = await params;
  return { title: `Versions · ${owner}/${project}` };
}

const PAGE_SIZE = 25;

export default async function VersionsPage({ params, searchParams }: Props) {
  const { owner, project } = await params;
  const sp = await searchParams;
  const { query, sort, offset, one } = listParams(sp, PAGE_SIZE);
  // Charts on demand (a link below the table, or a metric chosen): up to 500 points each would outweigh the
  // 25-row table many times over, so the list alone stays light (bench/RESULTS.md, issue 15).
  const showCharts = sp.charts === "1" || sp.metric !== undefined || sp.mx !== undefined || sp.my !== undefined;
  // Paging keeps the charts and their choice.
  const chartParams: Record<string, string> = {};
  if (showCharts) {
    chartParams.charts = "1";
    for (const k of ["metric", "mx", "my"] as const) {
      const v = Array.isArray(sp[k]) ? sp[k][0] : sp[k];
      if (typeof v === "string" && v) chartParams[k] = v;
    }
  }
  const db = await registryDb();
  // The layout's access check (one query per request, cached), with the list beside it rather than after it.
  const accessP = pageAccess(owner, project);
  let error: string | null = null;
  let list: Awaited<ReturnType<typeof listVersionsWith>> | null = null;
  let chart: Awaited<ReturnType<typeof versionChartRows>> | null = null;
  let access: ProjectAccess;
  try {
    const actor = await currentActor();
    // The chart is the same list call (same planner, same access), newest first and capped: a second indexed query.
    [list, chart] = await Promise.all([
      listVersionsWith(db, accessP, "model", { query, sort, limit: PAGE_SIZE, offset }, `${owner}/${project}`, actor),
      showCharts ? versionChartRows(db, accessP, "model", query, `${owner}/${project}`, actor) : null,
    ]);
    access = list.access;
  } catch (err) {
    // A bad query or sort is the user's to fix: show it by the box, never a 500.
    if (!(err instanceof InvalidError)) throw err;
    error = err.message;
    access = await accessP;
  }
  const base = `/${access.org.name}/${access.project.name}`;
  const rows = list?.results ?? [];
  // Versions of this page with a stage request awaiting an admin (one query on the pending-request index).
  const pending = await awaitingApproval(
    db,
    rows.map((r) => r.id),
  );
  const canRegister = projectCan(access.role, "version.write");
  const total = list ? `${list.count.toLocaleString("en")}${list.countCapped ? "+" : ""}` : null;
  const register = canRegister ? <ButtonLink href={`${base}/versions/new`}>Register version</ButtonLink> : null;
  const flash = versionsFlash(access.org.name, access.project.name, one);
  return (
    <PendingRegion className="space-y-4">
      {flash ? <FlashNotice message={flash} params={["deleted"]} /> : null}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-lg font-semibold">
          Versions {total !== null ? <span className="ml-1 text-sm font-normal text-zinc-500 dark:text-zinc-400 tabular-nums">{total}</span> : null}
        </h2>
        <div className="flex items-center gap-2">
          {rows.length > 1 ? (
            <Button type="submit" form="compare-form" variant="secondary">
              Compare selected
            </Button>
          ) : null}
          {register}
        </div>
      </div>
      <StageChips base={base} query={query} sort={sort} />
      <div>
        <QueryBox
          query={query}
          sort={sort}
          placeholder="stage:production|staging, meta.metrics.accuracy:>=0.9, created_at:>2026-01-01, tags:~legacy"
          error={error}
        />
        <details className="-mt-2 mb-1 text-xs text-zinc-500 dark:text-zinc-400">
          <summary className="cursor-pointer select-none hover:text-zinc-700 dark:hover:text-zinc-300">Query syntax</summary>
          <p className="mt-2 leading-5">
            Fields: <code>name</code>, <code>description</code>, <code>uuid</code>, <code>kind</code>, <code>stage</code>, <code>tags</code>, <code>run</code>,{" "}
            <code>created_at</code>, <code>updated_at</code> and <code>meta.&lt;path&gt;</code>. Join conditions with <code>,</code>; <code>a|b</code> is
            either; <code>~</code> negates; <code>&gt;=</code>, <code>&lt;</code>, <code>a..b</code> compare; <code>name:%bert%</code> searches. Sort with{" "}
            <code>-created_at</code>, <code>name</code> or <code>-meta.metrics.auc</code>.
          </p>
        </details>
      </div>
      {error ? null : rows.length === 0 ? (
        query ? (
          <EmptyState
            title="No version matches this query"
            action={
              <ButtonLink href={`${base}/versions`} variant="secondary">
                Clear the query
              </ButtonLink>
            }
          >
            Nothing in {access.org.name}/{access.project.name} matches <code className="font-mono">{query}</code>.
          </EmptyState>
        ) : (
          <EmptyState title="No versions yet" action={register}>
            <p>Register the first version from your training code or the command line:</p>
            <CodeBlock className="mt-3 overflow-x-auto rounded-md bg-zinc-900 px-3 py-2 text-left font-mono text-xs leading-5 text-zinc-100">
              {`modelreg models register -p ${access.org.name}/${access.project.name} \\\n  --description "first version" --run-uid <RUN_UUID>`}
            </CodeBlock>
          </EmptyState>
        )
      ) : (
        <form id="compare-form" action={`${base}/versions/compare`} method="get">
          <VersionTable
            rows={rows}
            pending={pending}
            base={base}
            metricKeys={keyMetricKeys(rows.map((r) => r.metaInfo))}
            query={query}
            sort={sort || "-created_at"}
            keep={chartParams}
          />
        </form>
      )}
      {list && rows.length ? (
        <Pager
          basePath={`${base}/versions`}
          params={{ ...(query ? { query } : {}), ...(sort ? { sort } : {}), ...chartParams }}
          offset={offset}
          limit={PAGE_SIZE}
          count={list.count}
          capped={list.countCapped}
        />
      ) : null}
      {rows.length > 1 ? (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          Tick two or more versions and choose <em>Compare selected</em> to see them side by side.
        </p>
      ) : null}
      {chart?.rows.length ? (
        <MetricCharts
          rows={chart.rows}
          capped={chart.capped}
          base={base}
          action={`${base}/versions#metrics`}
          keep={[["charts", "1"], ...(query ? [["query", query] as [string, string]] : []), ...(sort ? [["sort", sort] as [string, string]] : [])]}
          chosen={sp}
          scope={query ? "the versions this query selects" : "this model's versions"}
        />
      ) : !showCharts && rows.length > 1 ? (
        <p className="text-sm">
          <a
            href={`${base}/versions?${new URLSearchParams({ ...(query ? { query } : {}), ...(sort ? { sort } : {}), charts: "1" })}#metrics`}
            className="font-medium text-accent-600 dark:text-accent-300 hover:underline"
          >
            Chart the metrics of {query ? "the versions this query selects" : "these versions"} →
          </a>
        </p>
      ) : null}
    </PendingRegion>
  );
}
