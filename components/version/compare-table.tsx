// Versions side by side: facts, every metric and param; rows whose values differ are marked, the best metric is bold.
import Link from "next/link";
import type { ReactNode } from "react";
import { RelativeTime } from "@/components/ui/relative-time";
import { cn } from "@/components/ui/cn";
import { StageBadge } from "./stage-badge";
import { formatValue, lowerIsBetter, metricsOf } from "./metrics";
import type { VersionRow } from "./version-table";

export type CompareVersion = VersionRow & { description: string };

type Row = { group: string; label: string; values: unknown[]; render?: (v: unknown, i: number) => ReactNode; metric?: boolean };

const objectAt = (meta: unknown, key: string): Record<string, unknown> => {
  const o = meta && typeof meta === "object" ? (meta as Record<string, unknown>)[key] : undefined;
  return o && typeof o === "object" && !Array.isArray(o) ? (o as Record<string, unknown>) : {};
};
const keysOf = (objs: Record<string, unknown>[]) => [...new Set(objs.flatMap((o) => Object.keys(o)))].sort();
const same = (values: unknown[]) => values.every((v) => JSON.stringify(v) === JSON.stringify(values[0]));

/** Index of the best numeric value (highest, or lowest for losses/latencies), or -1 when there is no contest. */
function bestIndex(label: string, values: unknown[]): number {
  const nums = values.map((v) => (typeof v === "number" && Number.isFinite(v) ? v : null));
  if (nums.filter((n) => n !== null).length < 2 || same(values)) return -1;
  const low = lowerIsBetter(label);
  let best = -1;
  nums.forEach((n, i) => {
    if (n !== null && (best < 0 || (low ? n < nums[best]! : n > nums[best]!))) best = i;
  });
  return best;
}

export function CompareTable({ versions, base, onlyDifferences }: { versions: CompareVersion[]; base: string; onlyDifferences: boolean }) {
  const metrics = versions.map((v) => metricsOf(v.metaInfo));
  const params = versions.map((v) => objectAt(v.metaInfo, "params"));
  const meta = (k: string) => versions.map((v) => (v.metaInfo as Record<string, unknown>)?.[k]);
  const rows: Row[] = [
    { group: "Version", label: "Stage", values: versions.map((v) => v.stage), render: (s) => <StageBadge stage={String(s)} /> },
    { group: "Version", label: "Description", values: versions.map((v) => v.description) },
    { group: "Version", label: "Tags", values: versions.map((v) => v.tags), render: (t) => ((t as string[]).length ? (t as string[]).join(", ") : "—") },
    { group: "Version", label: "Framework", values: meta("framework") },
    {
      group: "Version",
      label: "Run",
      values: versions.map((v) => v.runUuid ?? v.externalRun?.uuid ?? v.externalRun?.url ?? null),
      render: (r) => (r ? <span className="font-mono text-xs">{String(r).slice(0, 8)}</span> : "—"),
    },
    { group: "Version", label: "Created by", values: versions.map((v) => v.createdBy) },
    { group: "Version", label: "Created", values: versions.map((v) => v.createdAt.toISOString()), render: (d) => <RelativeTime date={String(d)} /> },
    ...keysOf(metrics).map((k) => ({ group: "Metrics", label: k, values: metrics.map((m) => m[k]), metric: true })),
    ...keysOf(params).map((k) => ({ group: "Params", label: k, values: params.map((p) => p[k]) })),
    { group: "Signature", label: "signature", values: meta("signature") },
  ];
  const shown = rows.filter((r) => !(r.group === "Signature" && r.values.every((v) => v === undefined)) && (!onlyDifferences || !same(r.values)));
  const groups = [...new Set(shown.map((r) => r.group))];
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full border-collapse text-sm" aria-label="Version comparison">
        <thead className="bg-zinc-50 dark:bg-zinc-900/60">
          <tr>
            <th scope="col" className="w-48 px-4 py-2.5 text-left text-xs font-semibold tracking-wide text-zinc-500 dark:text-zinc-400 uppercase">
              Field
            </th>
            {versions.map((v) => (
              <th key={v.id} scope="col" className="px-4 py-2.5 text-left">
                <Link href={`${base}/versions/${encodeURIComponent(v.name)}`} className="font-semibold text-accent-700 hover:underline dark:text-accent-100">
                  {v.name}
                </Link>
              </th>
            ))}
          </tr>
        </thead>
        {groups.map((g) => (
          <tbody key={g}>
            <tr>
              <th
                colSpan={versions.length + 1}
                scope="colgroup"
                className="border-t border-zinc-200 bg-zinc-50/60 px-4 py-1.5 text-left text-xs font-semibold tracking-wide text-zinc-500 dark:text-zinc-400 uppercase dark:border-zinc-800 dark:bg-zinc-900/40"
              >
                {g}
              </th>
            </tr>
            {shown
              .filter((r) => r.group === g)
              .map((r) => {
                const differs = !same(r.values);
                const best = r.metric ? bestIndex(r.label, r.values) : -1;
                return (
                  <tr
                    key={`${g}:${r.label}`}
                    data-differs={differs || undefined}
                    className={cn("border-t border-zinc-100 dark:border-zinc-800", differs && "bg-amber-50/60 dark:bg-amber-950/20")}
                  >
                    <th scope="row" className="px-4 py-2 text-left font-normal text-zinc-600 dark:text-zinc-400">
                      <span className="inline-flex items-center gap-1.5">
                        {differs ? (
                          <span title="Values differ" className="h-1.5 w-1.5 rounded-full bg-amber-500" aria-hidden />
                        ) : (
                          <span className="h-1.5 w-1.5" aria-hidden />
                        )}
                        {r.label}
                        {differs ? <span className="sr-only">(differs)</span> : null}
                      </span>
                    </th>
                    {r.values.map((v, i) => (
                      <td
                        key={i}
                        className={cn(
                          "px-4 py-2 align-top",
                          typeof v === "number" && "font-mono text-[13px] tabular-nums",
                          i === best && "font-semibold text-emerald-700 dark:text-emerald-400",
                        )}
                      >
                        {r.render ? (
                          r.render(v, i)
                        ) : v === undefined || v === null || v === "" ? (
                          <span className="text-zinc-400">—</span>
                        ) : typeof v === "object" ? (
                          <code className="font-mono text-xs break-words">{JSON.stringify(v)}</code>
                        ) : (
                          formatValue(v)
                        )}
                        {i === best ? (
                          <span className="ml-1 text-xs" title="Best of these versions">
                            ★<span className="sr-only"> best</span>
                          </span>
                        ) : null}
                      </td>
                    ))}
                  </tr>
                );
              })}
          </tbody>
        ))}
      </table>
      {shown.length === 0 ? <p className="px-4 py-6 text-center text-sm text-zinc-500 dark:text-zinc-400">These versions do not differ.</p> : null}
    </div>
  );
}
