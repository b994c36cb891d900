// The dense versions table (MLflow/GitHub-like): name, stage, key metrics, tags, run, author, age; headers sort.
// Cells carry no classes of their own: the table styles them once through variants, which keeps the page (and
// the payload React hydrates from, which repeats the markup) small — a row is ~1 kB instead of ~6 kB.
import { PendingLink } from "@/components/ui/pending";
import type { ExternalRun } from "@/lib/registry/request";
import { relativeTime } from "@/components/ui/relative-time";
import { formatValue, metricsOf } from "./metrics";
import { VersionRows, type CompactRow } from "./version-rows";

export type VersionRow = {
  id: number;
  name: string;
  stage: string;
  tags: string[];
  metaInfo: unknown;
  runUuid: string | null;
  runProject: string | null;
  externalRun: ExternalRun | null;
  createdBy: string | null;
  createdAt: Date;
};

type Props = {
  rows: VersionRow[];
  /** `/owner/project` */
  base: string;
  metricKeys: string[];
  query: string;
  /** The sort in effect (the URL's, or the default). */
  sort: string;
  selectable?: boolean;
  /** Version id → the stage a pending request asks for (projects that require approval). */
  pending?: ReadonlyMap<number, string>;
};

// Stage pills as in StageBadge (testing grey, staging amber, production green, disabled red-grey), by data-stage.
const TABLE = [
  "w-full border-collapse text-[13px]",
  "[&_th]:px-3 [&_th]:py-2.5 [&_th]:text-left [&_th]:text-xs [&_th]:font-semibold [&_th]:tracking-wide [&_th]:text-zinc-500 [&_th]:uppercase dark:[&_th]:text-zinc-400",
  "[&_td]:px-3 [&_td]:py-2 [&_td]:align-middle [&_td.n]:text-right [&_td.n]:font-mono [&_td.n]:text-[12.5px] [&_td.n]:tabular-nums [&_th.n]:text-right",
  "[&_tbody_tr]:border-t [&_tbody_tr]:border-zinc-200 [&_tbody_tr:hover]:bg-zinc-50/70 dark:[&_tbody_tr]:border-zinc-800 dark:[&_tbody_tr:hover]:bg-zinc-800/40",
  "[&_.muted]:text-zinc-600 dark:[&_.muted]:text-zinc-400 [&_.none]:text-zinc-400 [&_a.name]:font-medium [&_a.name]:text-accent-700 dark:[&_a.name]:text-accent-100 [&_a:hover]:underline",
  "[&_a.run]:font-mono [&_a.run]:text-xs [&_a.run]:text-accent-600 dark:[&_a.run]:text-accent-500",
  "[&_.pending]:ml-1.5 [&_.pending]:text-xs [&_.pending]:font-medium [&_.pending]:whitespace-nowrap [&_.pending]:text-amber-700 dark:[&_.pending]:text-amber-400",
  "[&_.tags]:flex [&_.tags]:max-w-56 [&_.tags]:flex-wrap [&_.tags]:gap-1",
  "[&_.tag]:rounded-full [&_.tag]:bg-zinc-100 [&_.tag]:px-2 [&_.tag]:py-0.5 [&_.tag]:text-xs [&_.tag]:text-zinc-700 [&_.tag]:ring-1 [&_.tag]:ring-zinc-200 [&_.tag]:ring-inset dark:[&_.tag]:bg-zinc-800 dark:[&_.tag]:text-zinc-300 dark:[&_.tag]:ring-zinc-700",
  "[&_[data-stage]]:inline-flex [&_[data-stage]]:items-center [&_[data-stage]]:gap-1 [&_[data-stage]]:rounded-full [&_[data-stage]]:px-2 [&_[data-stage]]:py-0.5 [&_[data-stage]]:text-xs [&_[data-stage]]:font-medium [&_[data-stage]]:whitespace-nowrap [&_[data-stage]]:ring-1 [&_[data-stage]]:ring-inset",
  "[&_[data-stage]]:before:h-1.5 [&_[data-stage]]:before:w-1.5 [&_[data-stage]]:before:rounded-full [&_[data-stage]]:before:bg-current [&_[data-stage]]:before:opacity-70 [&_[data-stage]]:before:content-['']",
  "[&_[data-stage=testing]]:bg-zinc-100 [&_[data-stage=testing]]:text-zinc-700 [&_[data-stage=testing]]:ring-zinc-300 dark:[&_[data-stage=testing]]:bg-zinc-800 dark:[&_[data-stage=testing]]:text-zinc-300 dark:[&_[data-stage=testing]]:ring-zinc-600",
  "[&_[data-stage=staging]]:bg-amber-50 [&_[data-stage=staging]]:text-amber-800 [&_[data-stage=staging]]:ring-amber-300 dark:[&_[data-stage=staging]]:bg-amber-950 dark:[&_[data-stage=staging]]:text-amber-300 dark:[&_[data-stage=staging]]:ring-amber-800",
  "[&_[data-stage=production]]:bg-emerald-50 [&_[data-stage=production]]:text-emerald-700 [&_[data-stage=production]]:ring-emerald-300 dark:[&_[data-stage=production]]:bg-emerald-950 dark:[&_[data-stage=production]]:text-emerald-300 dark:[&_[data-stage=production]]:ring-emerald-800",
  "[&_[data-stage=disabled]]:bg-stone-100 [&_[data-stage=disabled]]:text-rose-900/70 [&_[data-stage=disabled]]:ring-rose-200 [&_[data-stage=disabled]]:line-through dark:[&_[data-stage=disabled]]:bg-stone-900 dark:[&_[data-stage=disabled]]:text-rose-200/70 dark:[&_[data-stage=disabled]]:ring-rose-900/60",
].join(" ");

function SortHeader({
  field,
  label,
  base,
  query,
  sort,
  numeric,
}: {
  field: string;
  label: string;
  base: string;
  query: string;
  sort: string;
  numeric?: boolean;
}) {
  const primary = sort.split(",")[0]?.trim() ?? "";
  const state = primary === `-${field}` ? "descending" : primary === field ? "ascending" : "none";
  // First click sorts descending (newest, highest first); a second click flips it.
  const next = state === "descending" ? field : `-${field}`;
  const href = `${base}/versions?${new URLSearchParams({ ...(query ? { query } : {}), sort: next })}`;
  const arrow = state === "none" ? null : <span aria-hidden>{state === "ascending" ? "↑" : "↓"}</span>;
  return (
    <th scope="col" aria-sort={state} className={numeric ? "n" : undefined}>
      <PendingLink
        href={href}
        prefetch={false}
        className="inline-flex items-center gap-1 no-underline hover:text-zinc-900 dark:hover:text-zinc-100"
        title={`Sort by ${label}`}
      >
        {numeric && arrow ? arrow : null}
        {label}
        {!numeric && arrow ? arrow : null}
      </PendingLink>
    </th>
  );
}

/** The run cell's content: a local run's link, "private" for a run the reader may not see, an external run. */
function runOf(row: VersionRow): CompactRow["run"] {
  if (row.runUuid && row.runProject)
    return { href: `/${row.runProject}/runs/${row.runUuid}`, text: row.runUuid.slice(0, 8), title: `Run ${row.runUuid} of ${row.runProject}` };
  // A run of a project the reader may not see (lib/registry/redact.ts): no name, no link.
  if (row.runProject === "private") return { text: "private", title: "A run of a private project" };
  const ext = row.externalRun;
  if (ext?.url) return { href: ext.url, text: (ext.uuid ?? "external").slice(0, 8), title: `External run ${ext.url}`, external: true };
  if (ext?.uuid) return { text: ext.uuid.slice(0, 8), title: `External run ${ext.uuid}${ext.project ? ` (${ext.project})` : ""}`, mono: true };
  return null;
}

function compact(v: VersionRow, base: string, metricKeys: string[], pending?: ReadonlyMap<number, string>): CompactRow {
  const m = metricsOf(v.metaInfo);
  const iso = v.createdAt.toISOString();
  return {
    k: v.id,
    name: v.name,
    href: `${base}/versions/${encodeURIComponent(v.name)}`,
    stage: v.stage,
    ...(pending?.get(v.id) ? { pending: pending.get(v.id) } : {}),
    m: metricKeys.map((k) => (m[k] === undefined ? null : formatValue(m[k]))),
    tags: v.tags,
    run: runOf(v),
    by: v.createdBy,
    at: [iso, `${iso.replace("T", " ").slice(0, 19)} UTC`, relativeTime(v.createdAt)],
  };
}

export function VersionTable({ rows, base, metricKeys, query, sort, selectable = true, pending }: Props) {
  const h = { base, query, sort };
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table aria-label="Versions" className={TABLE}>
        <thead className="bg-zinc-50 dark:bg-zinc-900/60">
          <tr>
            {selectable ? (
              <th className="w-8 pr-0">
                <span className="sr-only">Select to compare</span>
              </th>
            ) : null}
            <SortHeader field="name" label="Name" {...h} />
            <SortHeader field="stage" label="Stage" {...h} />
            {metricKeys.map((m) => (
              <SortHeader key={m} field={`meta.metrics.${m}`} label={m} numeric {...h} />
            ))}
            <th scope="col">Tags</th>
            <th scope="col">Run</th>
            <th scope="col">By</th>
            <SortHeader field="created_at" label="Created" {...h} />
          </tr>
        </thead>
        <VersionRows rows={rows.map((v) => compact(v, base, metricKeys, pending))} selectable={selectable} />
      </table>
    </div>
  );
}
