// Reading metrics and other values out of a version's meta_info for tables (pure; server and client).
export type MetaInfo = Record<string, unknown>;

export function metricsOf(meta: unknown): Record<string, unknown> {
  const m = meta && typeof meta === "object" ? (meta as MetaInfo).metrics : undefined;
  return m && typeof m === "object" && !Array.isArray(m) ? (m as Record<string, unknown>) : {};
}

/** The numeric metric keys most common among `rows` (ties by name), so a table shows what this model is judged by. */
export function keyMetricKeys(metas: unknown[], max = 4): string[] {
  const counts = new Map<string, number>();
  for (const meta of metas) {
    for (const [k, v] of Object.entries(metricsOf(meta))) if (typeof v === "number" && Number.isFinite(v)) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, max)
    .map(([k]) => k);
}

/** A number with at most 4 significant decimals; other values as compact text. */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "number") {
    if (Number.isInteger(v)) return v.toLocaleString("en");
    const abs = Math.abs(v);
    return abs !== 0 && (abs < 1e-3 || abs >= 1e6) ? v.toExponential(3) : String(Number(v.toFixed(4)));
  }
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "true" : "false";
  return JSON.stringify(v);
}

// The rule lives in lib/charts/metric-direction.ts, shared with the charts.
export { lowerIsBetter } from "@/lib/charts/metric-direction";
