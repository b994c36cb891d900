// How params and metrics read in tables: numbers to 4 significant decimals, the rest as text or JSON.
export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "number") {
    if (Number.isInteger(v)) return v.toLocaleString("en");
    const abs = Math.abs(v);
    if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return v.toExponential(3);
    return v.toFixed(4).replace(/\.?0+$/, "");
  }
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

/** The numeric output keys most common among these runs (at most `max`), so the table shows what they are judged by. */
export function keyMetrics(rows: { outputs: Record<string, unknown> }[], max = 4): string[] {
  const counts = new Map<string, number>();
  for (const r of rows) for (const [k, v] of Object.entries(r.outputs)) if (typeof v === "number") counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, max)
    .map(([k]) => k);
}
