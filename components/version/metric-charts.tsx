// The metrics section of the versions and compare pages: a metric over time and one metric against another,
// chosen with a plain GET form (works without JavaScript), with the plotted values as a table for screen
// readers and anyone who wants the numbers.
import { lowerIsBetter } from "@/lib/charts/metric-direction";
import { chartMetrics, pickMetric, scatterData, timelineData, CHART_CAP, type ChartData, type ChartVersion } from "@/lib/charts/version-chart";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { Select } from "@/components/ui/input";
import { TBody, TD, TH, THead, TR, Table } from "@/components/ui/table";
import { MetricChart } from "./metric-chart";
import { formatValue } from "./metrics";
import { STAGE_FILL, StageBadge } from "./stage-badge";

type Props = {
  rows: ChartVersion[];
  capped: boolean;
  /** `/owner/project`, for the points' links. */
  base: string;
  /** Where the metric form submits (this page), and the parameters it keeps (query, sort, compared versions). */
  action: string;
  keep: [string, string][];
  /** The page's `metric`, `mx` and `my` parameters. */
  chosen: { metric?: unknown; mx?: unknown; my?: unknown };
  /** "the versions this query selects", "the compared versions" … */
  scope: string;
};

const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);

function MetricSelect({ id, name, label, value, metrics }: { id: string; name: string; label: string; value: string; metrics: string[] }) {
  return (
    <div className="min-w-40">
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">
        {label}
      </label>
      <Select id={id} name={name} defaultValue={value}>
        {metrics.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </Select>
    </div>
  );
}

function ChartFigure({ id, title, data, base, what }: { id: string; title: string; data: ChartData; base: string; what: string }) {
  return (
    <figure aria-labelledby={`${id}-title`} className="min-w-0" data-figure={id}>
      <figcaption className="mb-2 text-sm font-medium text-zinc-800 dark:text-zinc-200">
        <span id={`${id}-title`}>{title}</span>
        <span className="ml-2 text-xs font-normal text-zinc-500 tabular-nums dark:text-zinc-400">
          {data.points.length} {data.points.length === 1 ? "version" : "versions"}
          {data.missing ? ` · ${data.missing} without ${what}` : ""}
        </span>
      </figcaption>
      {data.points.length ? (
        <MetricChart data={data} base={base} label={`${title}: ${data.points.length} versions; each point links to its version`} />
      ) : (
        <p className="flex h-40 items-center justify-center rounded-md border border-dashed border-zinc-300 text-sm text-zinc-500 dark:border-zinc-700 dark:text-zinc-400">
          No version here has {what}.
        </p>
      )}
    </figure>
  );
}

export function MetricCharts({ rows, capped, base, action, keep, chosen, scope }: Props) {
  const metrics = chartMetrics(rows);
  if (!metrics.length) {
    return (
      <Card id="metrics">
        <CardHeader>
          <CardTitle>Metrics</CardTitle>
        </CardHeader>
        <CardBody className="text-sm text-zinc-600 dark:text-zinc-400">
          None of {scope} has numeric metrics to chart. Register versions with <code className="font-mono">meta_info.metrics</code> (for example{" "}
          <code className="font-mono">{'{"metrics": {"auc": 0.97}}'}</code>) or promote them from runs that log outputs.
        </CardBody>
      </Card>
    );
  }
  const metric = pickMetric(one(chosen.metric), metrics)!;
  const mx = pickMetric(one(chosen.mx), metrics, 0)!;
  const my = pickMetric(one(chosen.my), metrics, 1)!;
  const timeline = timelineData(rows, metric);
  const scatter = scatterData(rows, mx, my);
  const plotted = [...new Set([metric, mx, my])];
  const stages = [...new Set(rows.map((r) => r.stage))];
  return (
    <Card id="metrics" data-testid="metric-charts">
      <CardHeader className="flex flex-wrap items-baseline justify-between gap-2">
        <CardTitle>Metrics</CardTitle>
        <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="chart-scope">
          {capped ? `The newest ${CHART_CAP} of ${scope}` : `${rows.length} ${rows.length === 1 ? "version" : "versions"}: ${scope}`}
        </p>
      </CardHeader>
      <CardBody className="space-y-5">
        <form method="get" action={action} className="flex flex-wrap items-end gap-3" aria-label="Choose the charted metrics">
          {keep.map(([k, v], i) => (
            <input key={`${k}${i}`} type="hidden" name={k} value={v} />
          ))}
          <MetricSelect id="chart-metric" name="metric" label="Over time" value={metric} metrics={metrics} />
          <MetricSelect id="chart-mx" name="mx" label="Scatter: x" value={mx} metrics={metrics} />
          <MetricSelect id="chart-my" name="my" label="Scatter: y" value={my} metrics={metrics} />
          <Button type="submit" variant="secondary">
            Show
          </Button>
        </form>
        <div className="grid gap-6 lg:grid-cols-2">
          <ChartFigure id="chart-timeline" title={`${metric} over time`} data={timeline} base={base} what={metric} />
          <ChartFigure id="chart-scatter" title={`${my} against ${mx}`} data={scatter} base={base} what={mx === my ? mx : `both ${mx} and ${my}`} />
        </div>
        <ul className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400" aria-label="Legend">
          {stages.map((s) => (
            <li key={s} className="inline-flex items-center gap-1.5">
              <svg viewBox="0 0 10 10" className="h-2.5 w-2.5" aria-hidden="true">
                <circle cx={5} cy={5} r={5} className={STAGE_FILL[s] ?? STAGE_FILL.testing} />
              </svg>
              {s}
            </li>
          ))}
          <li className="inline-flex items-center gap-1.5">
            <svg viewBox="0 0 14 14" className="h-3.5 w-3.5" aria-hidden="true">
              <circle cx={7} cy={7} r={6} fill="none" strokeWidth={1.5} className="stroke-accent-600 dark:stroke-accent-500" />
            </svg>
            has an alias
          </li>
          <li>
            Better is up
            {timeline.y.lowerIsBetter || scatter.x?.lowerIsBetter || scatter.y.lowerIsBetter ? " (and right): lower-is-better axes are inverted" : ""}.
          </li>
          <li>Select a point to open its version.</li>
        </ul>
        <details className="text-sm">
          <summary className="cursor-pointer text-zinc-600 select-none hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100">
            Plotted values as a table
          </summary>
          <div className="mt-3 max-h-96 overflow-y-auto">
            <Table>
              <THead>
                <TR>
                  <TH>Version</TH>
                  <TH>Stage</TH>
                  <TH>Registered</TH>
                  {plotted.map((m) => (
                    <TH key={m} className="text-right">
                      {m}
                      {lowerIsBetter(m) ? <span className="sr-only"> (lower is better)</span> : null}
                    </TH>
                  ))}
                </TR>
              </THead>
              <TBody>
                {rows.map((r) => {
                  const m = r.metaInfo && typeof r.metaInfo === "object" ? ((r.metaInfo as { metrics?: Record<string, unknown> }).metrics ?? {}) : {};
                  return (
                    <TR key={r.name}>
                      <TD className="font-mono">
                        <a href={`${base}/versions/${encodeURIComponent(r.name)}`} className="text-accent-600 hover:underline dark:text-accent-500">
                          {r.name}
                        </a>
                        {r.aliases.map((a) => (
                          <span key={a} className="ml-1.5 text-xs text-accent-700 dark:text-accent-100">
                            @{a}
                          </span>
                        ))}
                      </TD>
                      <TD>
                        <StageBadge stage={r.stage} />
                      </TD>
                      <TD className="text-zinc-600 tabular-nums dark:text-zinc-400">{r.createdAt.toISOString().slice(0, 10)}</TD>
                      {plotted.map((k) => (
                        <TD key={k} className="text-right font-mono tabular-nums">
                          {formatValue(m[k])}
                        </TD>
                      ))}
                    </TR>
                  );
                })}
              </TBody>
            </Table>
          </div>
        </details>
      </CardBody>
    </Card>
  );
}
