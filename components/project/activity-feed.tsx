// A model's activity as sentences ("alice moved v7 to production"), newest first. Unknown verbs
// still read sensibly: "bob run updated training-42".
import Link from "next/link";
import type { ReactNode } from "react";
import type { ActivityRow } from "@/lib/registry/activity";
import { RelativeTime } from "@/components/ui/relative-time";

const str = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "");
const list = (v: unknown) =>
  Array.isArray(v) ? v.map((x) => (typeof x === "object" && x ? str((x as { user?: unknown }).user) : str(x))).filter(Boolean) : [];

/** What happened, as the words after the actor's name. `base` links versions of this model. */
export function describeActivity(a: Pick<ActivityRow, "verb" | "target" | "details">, base?: string): ReactNode {
  const d = a.details ?? {};
  const version =
    base && a.verb.startsWith("version.") ? (
      <Link href={`${base}/versions/${encodeURIComponent(a.target)}`} className="font-medium hover:underline">
        {a.target}
      </Link>
    ) : (
      <strong>{a.target}</strong>
    );
  switch (a.verb) {
    case "project.created":
      return <>created the model{d.is_public ? " (public)" : ""}</>;
    case "project.renamed":
      return (
        <>
          renamed the model from <strong>{str(d.from)}</strong> to <strong>{str(d.to)}</strong>
        </>
      );
    case "project.updated":
      return <>edited the {list(d.fields).join(", ") || "model"}</>;
    case "project.visibility_changed":
      return <>made the model {d.is_public ? "public" : "private"}</>;
    case "project.features_changed":
      return list(d.excluded_features).length ? <>switched off {list(d.excluded_features).join(", ")}</> : <>switched on every feature</>;
    case "project.settings_changed":
      return (
        <>
          changed the stage settings{Array.isArray(d.protectedStages) ? `: protected ${list(d.protectedStages).join(", ") || "none"}` : ""}
          {typeof d.requireApproval === "boolean" ? `; approval requests ${d.requireApproval ? "on" : "off"}` : ""}
        </>
      );
    case "project.teams_changed":
      return list(d.teams).length ? (
        <>
          restricted the model to{" "}
          {list(d.teams)
            .map((t) => `team ${t}`)
            .join(", ")}
        </>
      ) : (
        <>opened the model to the whole organization</>
      );
    case "project.access_granted":
      return (
        <>
          gave <strong>{str(d.user)}</strong> {str(d.role)} access
        </>
      );
    case "project.access_revoked":
      return (
        <>
          removed <strong>{str(d.user)}</strong>&apos;s grant
        </>
      );
    case "project.grants_changed":
      return <>set the direct grants{list(d.users).length ? ` (${list(d.users).join(", ")})` : " (none)"}</>;
    case "project.sources_changed":
      return list(d.sources).length ? <>allowed promotion from {list(d.sources).join(", ")}</> : <>allowed promotion only from the model itself</>;
    case "version.registered":
      return <>registered version {version}</>;
    case "version.stage_changed":
      return (
        <>
          {d.request_id ? "approved moving" : "moved"} {version} {d.from ? <>from {str(d.from)} </> : null}to <strong>{str(d.to)}</strong>
          {d.requested_by ? <> (asked by {str(d.requested_by)})</> : null}
          {d.applied === false ? " (recorded, not applied)" : ""}
        </>
      );
    case "version.stage_requested":
      return (
        <>
          asked to move {version} {d.from ? <>from {str(d.from)} </> : null}to <strong>{str(d.to)}</strong> (awaiting approval)
        </>
      );
    case "version.stage_rejected":
      return (
        <>
          rejected the request to move {version} to <strong>{str(d.to)}</strong>
          {d.requested_by ? <> by {str(d.requested_by)}</> : null}
        </>
      );
    case "version.stage_withdrawn":
      return (
        <>
          withdrew the request to move {version} to <strong>{str(d.to)}</strong>
        </>
      );
    case "version.alias_set":
      return (
        <>
          set the alias <strong>@{str(d.alias)}</strong> on {version}
        </>
      );
    case "version.alias_moved":
      return (
        <>
          moved the alias <strong>@{str(d.alias)}</strong> {d.from ? <>from {str(d.from)} </> : null}to {version}
        </>
      );
    case "version.alias_requested":
      return (
        <>
          asked to point <strong>@{str(d.alias)}</strong> at {version} (awaiting approval)
        </>
      );
    case "version.alias_rejected":
      return (
        <>
          rejected the request to point <strong>@{str(d.alias)}</strong> at {version}
          {d.requested_by ? <> by {str(d.requested_by)}</> : null}
        </>
      );
    case "version.alias_withdrawn":
      return (
        <>
          withdrew the request to point <strong>@{str(d.alias)}</strong> at {version}
        </>
      );
    case "version.alias_removed":
      return (
        <>
          removed the alias <strong>@{str(d.alias)}</strong> from {version}
        </>
      );
    case "version.deleted":
      return (
        <>
          deleted version <strong>{a.target}</strong>
        </>
      );
    case "version.updated":
      return <>edited version {version}</>;
    case "version.renamed":
      return <>renamed a version to {version}</>;
    case "version.overwritten":
      return <>re-registered version {version}</>;
    case "version.copied":
      return <>copied version {version}</>;
    case "version.transferred_in":
      return <>moved version {version} here</>;
    case "version.transferred_out":
      return (
        <>
          moved version <strong>{a.target}</strong> to another model
        </>
      );
    case "file.uploaded":
      return (
        <>
          uploaded <strong>{a.target}</strong>
        </>
      );
    case "file.replaced":
      return (
        <>
          replaced <strong>{a.target}</strong>
        </>
      );
    case "file.deleted":
      return (
        <>
          deleted the file <strong>{a.target}</strong>
        </>
      );
    case "file.lfs_received":
      return (
        <>
          uploaded a large file through Git LFS (sha256 <code>{a.target.slice(0, 12)}</code>)
        </>
      );
    case "run.created":
      return (
        <>
          logged run <strong>{a.target}</strong>
        </>
      );
    case "run.updated":
      return (
        <>
          updated run <strong>{a.target}</strong>
        </>
      );
    case "run.promoted":
      return <>promoted a run to {version}</>;
    default:
      return (
        <>
          {a.verb.replace(/\./g, " ").replace(/_/g, " ")} <strong>{a.target}</strong>
        </>
      );
  }
}

export function ActivityFeed({ rows, base, compact = false }: { rows: ActivityRow[]; base: string; compact?: boolean }) {
  return (
    <ol
      aria-label="Activity"
      className={
        compact
          ? "space-y-2.5"
          : "divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900"
      }
    >
      {rows.map((a) => (
        <li
          key={a.id}
          className={compact ? "text-zinc-600 dark:text-zinc-400" : "flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 px-4 py-3 text-sm"}
        >
          <span className="min-w-0 text-zinc-700 dark:text-zinc-300">
            <span className="font-medium text-zinc-900 dark:text-zinc-100">{a.actor ?? "someone"}</span> {describeActivity(a, base)}
          </span>
          <span className={compact ? "ml-1 text-xs text-zinc-500 dark:text-zinc-400" : "shrink-0 text-xs text-zinc-500 dark:text-zinc-400"}>
            <RelativeTime date={a.createdAt} />
          </span>
        </li>
      ))}
    </ol>
  );
}
