// The dense versions table (MLflow/GitHub-like): name, stage, key metrics, tags, run, author, age; headers sort.
import Link from "next/link";
import type { ExternalRun } from "@/db/schema";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { StageBadge } from "./stage-badge";
import { formatValue, metricsOf } from "./metrics";

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
};

function SortHeader({ field, label, base, query, sort, numeric }: { field: string; label: string; base: string; query: string; sort: string; numeric?: boolean }) {
  const primary = sort.split(",")[0]?.trim() ?? "";
  const state = primary === `-${field}` ? "descending" : primary === field ? "ascending" : "none";
  // First click sorts descending (newest, highest first); a second click flips it.
  const next = state === "descending" ? field : `-${field}`;
  const href = `${base}/versions?${new URLSearchParams({ ...(query ? { query } : {}), sort: next })}`;
  const arrow = state === "none" ? null : <span aria-hidden>{state === "ascending" ? "↑" : "↓"}</span>;
  return (
    <TH aria-sort={state} className={numeric ? "text-right" : undefined}>
      <Link href={href} className="inline-flex items-center gap-1 no-underline hover:text-zinc-900 dark:hover:text-zinc-100" title={`Sort by ${label}`}>
        {numeric && arrow ? arrow : null}
        {label}
        {!numeric && arrow ? arrow : null}
      </Link>
    </TH>
  );
}

function RunCell({ row }: { row: VersionRow }) {
  if (row.runUuid && row.runProject) {
    return (
      <Link href={`/${row.runProject}/runs/${row.runUuid}`} className="font-mono text-xs text-accent-600 hover:underline dark:text-accent-500" title={`Run ${row.runUuid} of ${row.runProject}`}>
        {row.runUuid.slice(0, 8)}
      </Link>
    );
  }
  const ext = row.externalRun;
  if (ext?.url) {
    return (
      <a href={ext.url} rel="nofollow noopener noreferrer" target="_blank" className="font-mono text-xs text-accent-600 hover:underline dark:text-accent-500" title={`External run ${ext.url}`}>
        {(ext.uuid ?? "external").slice(0, 8)} ↗
      </a>
    );
  }
  if (ext?.uuid) return <span className="font-mono text-xs text-zinc-500" title={`External run ${ext.uuid}${ext.project ? ` (${ext.project})` : ""}`}>{ext.uuid.slice(0, 8)}</span>;
  return <span className="text-zinc-400">—</span>;
}

export function VersionTable({ rows, base, metricKeys, query, sort, selectable = true }: Props) {
  const h = { base, query, sort };
  return (
    <Table aria-label="Versions" className="text-[13px]">
      <THead>
        <tr>
          {selectable ? <TH className="w-8 pr-0"><span className="sr-only">Select to compare</span></TH> : null}
          <SortHeader field="name" label="Name" {...h} />
          <SortHeader field="stage" label="Stage" {...h} />
          {metricKeys.map((m) => <SortHeader key={m} field={`meta.metrics.${m}`} label={m} numeric {...h} />)}
          <TH>Tags</TH>
          <TH>Run</TH>
          <TH>By</TH>
          <SortHeader field="created_at" label="Created" {...h} />
        </tr>
      </THead>
      <TBody>
        {rows.map((v) => {
          const m = metricsOf(v.metaInfo);
          return (
            <TR key={v.id}>
              {selectable ? (
                <TD className="w-8 py-2 pr-0">
                  <input type="checkbox" name="v" value={v.name} aria-label={`Compare ${v.name}`} className="h-4 w-4 rounded border-zinc-300 accent-accent-600" />
                </TD>
              ) : null}
              <TD className="py-2 font-medium">
                <Link href={`${base}/versions/${encodeURIComponent(v.name)}`} className="text-accent-700 hover:underline dark:text-accent-100">
                  {v.name}
                </Link>
              </TD>
              <TD className="py-2"><StageBadge stage={v.stage} /></TD>
              {metricKeys.map((k) => (
                <TD key={k} className="py-2 text-right font-mono text-[12.5px] tabular-nums">{m[k] === undefined ? <span className="text-zinc-400">—</span> : formatValue(m[k])}</TD>
              ))}
              <TD className="py-2">
                <div className="flex max-w-56 flex-wrap gap-1">{v.tags.map((t) => <Badge key={t}>{t}</Badge>)}</div>
              </TD>
              <TD className="py-2"><RunCell row={v} /></TD>
              <TD className="py-2 text-zinc-600 dark:text-zinc-400">{v.createdBy ?? "—"}</TD>
              <TD className="py-2 whitespace-nowrap text-zinc-600 dark:text-zinc-400"><RelativeTime date={v.createdAt} /></TD>
            </TR>
          );
        })}
      </TBody>
    </Table>
  );
}
