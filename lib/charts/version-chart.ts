// The data behind the versions' metric charts (pure; no React, no database): which metrics the versions have,
// which one is chosen, the points of a metric over time and of one metric against another, and the cap.
import { lowerIsBetter } from "./metric-direction";

/** At most this many versions (the query's newest) are plotted; the page says so when there are more. */
export const CHART_CAP = 500;

/** What a chart needs of a version (a VersionView has all of it). */
export type ChartVersion = { name: string; stage: string; aliases: string[]; createdAt: Date; metaInfo: unknown };

export type ChartPoint = {
  name: string;
  stage: string;
  aliases: string[];
  createdAt: Date;
  x: number;
  y: number;
  /** Every plotted metric of this version, for its label and tooltip. */
  values: Record<string, number>;
};

export type Axis = { metric: string; lowerIsBetter: boolean };

export type ChartData = {
  x: Axis | null;
  y: Axis;
  points: ChartPoint[];
  /** Versions without a finite number for a plotted metric (left out of the chart). */
  missing: number;
};

/** The finite numeric metrics in a version's meta_info.metrics (strings, nulls, NaN and nested values skipped). */
export function numericMetrics(meta: unknown): Record<string, number> {
  const m = meta && typeof meta === "object" ? (meta as Record<string, unknown>).metrics : undefined;
  if (!m || typeof m !== "object" || Array.isArray(m)) return {};
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(m)) if (typeof v === "number" && Number.isFinite(v)) out[k] = v;
  return out;
}

/** The numeric metric names the versions have, the most common first (ties by name). */
export function chartMetrics(rows: Pick<ChartVersion, "metaInfo">[]): string[] {
  const counts = new Map<string, number>();
  for (const r of rows) for (const k of Object.keys(numericMetrics(r.metaInfo))) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
}

/** The requested metric when the versions have it, else the `fallback`-th (0: the first), else null. */
export function pickMetric(requested: unknown, metrics: string[], fallback = 0): string | null {
  if (typeof requested === "string" && metrics.includes(requested)) return requested;
  return metrics[Math.min(fallback, metrics.length - 1)] ?? null;
}

/** The first `cap` rows (the list is newest first) and whether there were more. */
export function capRows<T>(rows: T[], cap = CHART_CAP): { rows: T[]; capped: boolean } {
  return rows.length > cap ? { rows: rows.slice(0, cap), capped: true } : { rows, capped: false };
}

const axis = (metric: string): Axis => ({ metric, lowerIsBetter: lowerIsBetter(metric) });

function point(r: ChartVersion, x: number, y: number, values: Record<string, number>): ChartPoint {
  return { name: r.name, stage: r.stage, aliases: r.aliases, createdAt: r.createdAt, x, y, values };
}

/** `metric` over time: x is the creation time (ms), oldest first so a line through the points reads left to right. */
export function timelineData(rows: ChartVersion[], metric: string): ChartData {
  const points: ChartPoint[] = [];
  for (const r of rows) {
    const m = numericMetrics(r.metaInfo);
    if (metric in m) points.push(point(r, r.createdAt.getTime(), m[metric], { [metric]: m[metric] }));
  }
  points.sort((a, b) => a.x - b.x || a.name.localeCompare(b.name));
  return { x: null, y: axis(metric), points, missing: rows.length - points.length };
}

/** `mx` against `my`: the versions that have both. */
export function scatterData(rows: ChartVersion[], mx: string, my: string): ChartData {
  const points: ChartPoint[] = [];
  for (const r of rows) {
    const m = numericMetrics(r.metaInfo);
    if (mx in m && my in m) points.push(point(r, m[mx], m[my], { [mx]: m[mx], [my]: m[my] }));
  }
  return { x: axis(mx), y: axis(my), points, missing: rows.length - points.length };
}

/**
 * A domain that always has width (one point, or all equal, would divide by zero), as [low, high]. Whether an
 * axis is inverted is the chart's business: lower-is-better axes run from high to low so better is up / right.
 */
export function paddedDomain(values: number[], pad = 0.05): [number, number] {
  if (!values.length) return [0, 1];
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (lo === hi) {
    const d = Math.abs(lo) * pad || 1;
    return [lo - d, hi + d];
  }
  const d = (hi - lo) * pad;
  lo -= d;
  hi += d;
  return [lo, hi];
}
