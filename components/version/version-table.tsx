// The dense versions table (MLflow/GitHub-like): name, stage, key metrics, tags, run, author, age; headers sort.
// Cells carry no classes of their own: the table is styled once in app/globals.css (.version-table), which keeps
// the page (and the payload React hydrates from, which repeats the markup) small.
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
  /** Other parameters the sort links keep (the charts and their choice). */
  keep?: Record<string, string>;
};

function SortHeader({
  field,
  label,
  base,
  query,
  sort,
  numeric,
  keep,
}: {
  field: string;
  label: string;
  base: string;
  query: string;
  sort: string;
  numeric?: boolean;
  keep?: Record<string, string>;
}) {
  const primary = sort.split(",")[0]?.trim() ?? "";
  const state = primary === `-${field}` ? "descending" : primary === field ? "ascending" : "none";
  // First click sorts descending (newest, highest first); a second click flips it.
  const next = state === "descending" ? field : `-${field}`;
  const href = `${base}/versions?${new URLSearchParams({ ...keep, ...(query ? { query } : {}), sort: next })}`;
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

export function VersionTable({ rows, base, metricKeys, query, sort, selectable = true, pending, keep }: Props) {
  const h = { base, query, sort, keep };
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table aria-label="Versions" className="version-table">
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
