// A version's stage history as a timeline, newest first: who moved it, when, from → to, why — and, with
// approvals, the requests (pending, or since decided) and their decisions (approved, rejected, withdrawn);
// alias moves that concern the version (an alias set here, moved here or away, removed) interleaved by time.
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { StageBadge } from "./stage-badge";

export type TimelineEntry = {
  type: string;
  status: string;
  reason: string;
  message: string;
  last_transition_time: string;
  meta_info: Record<string, unknown>;
};

/** The badge an entry gets beside its stage, from its status (and, for an approval, its decision). */
function statusBadge(c: TimelineEntry): { label: string; tone: BadgeTone } | null {
  switch (c.status) {
    case "True":
      return c.meta_info.decision === "approved" ? { label: "approved", tone: "green" } : null;
    case "False":
      return { label: "not applied", tone: "red" };
    case "Pending":
      return { label: "awaiting approval", tone: "amber" };
    case "Requested":
      return { label: "requested", tone: "neutral" };
    case "Rejected":
      return { label: "rejected", tone: "red" };
    case "Withdrawn":
      return { label: "withdrawn", tone: "slate" };
    default:
      return { label: c.status, tone: "neutral" };
  }
}

/** An alias move in the timeline (lib/registry/aliases.ts AliasHistoryEntry, dates as Date or ISO text). */
export type AliasTimelineEntry = {
  alias: string;
  action: "set" | "moved_in" | "moved_out" | "removed";
  from: string | null;
  to: string | null;
  status: string;
  reason: string;
  user: string | null;
  createdAt: Date | string;
};

function aliasSentence(e: AliasTimelineEntry) {
  const chip = <span className="font-mono font-medium text-violet-700 dark:text-violet-300">@{e.alias}</span>;
  switch (e.action) {
    case "set":
      return <>{chip} set here</>;
    case "moved_in":
      return (
        <>
          {chip} moved here from <span className="font-mono">{e.from ?? "a deleted version"}</span>
        </>
      );
    case "moved_out":
      return (
        <>
          {chip} moved to <span className="font-mono">{e.to ?? "a deleted version"}</span>
        </>
      );
    case "removed":
      return <>{chip} removed</>;
  }
}

const VERB: Record<string, string> = { Pending: "asked by", Requested: "asked by", Rejected: "rejected by", Withdrawn: "withdrawn by" };

export function StageTimeline({ conditions, aliasEvents = [] }: { conditions: TimelineEntry[]; aliasEvents?: AliasTimelineEntry[] }) {
  if (!conditions.length && !aliasEvents.length) return <p className="text-sm text-zinc-500 dark:text-zinc-400">No stage changes recorded.</p>;
  const time = (d: Date | string) => new Date(d).getTime();
  // Both lists come oldest first; merged newest first (a stage change before an alias move at the same instant).
  const merged: ({ kind: "stage"; c: TimelineEntry } | { kind: "alias"; e: AliasTimelineEntry })[] = [
    ...conditions.map((c, n) => ({ kind: "stage" as const, c, t: time(c.last_transition_time), n })),
    ...aliasEvents.map((e, n) => ({ kind: "alias" as const, e, t: time(e.createdAt), n })),
  ].sort((a, b) => b.t - a.t || (a.kind === b.kind ? b.n - a.n : a.kind === "alias" ? -1 : 1));
  return (
    <ol className="relative ml-1.5 space-y-5 border-l border-zinc-200 pl-6 dark:border-zinc-800" aria-label="Stage history">
      {merged.map((m, i) => {
        if (m.kind === "alias") {
          const e = m.e;
          return (
            <li key={`a${i}`} className="relative" data-kind="alias">
              <span
                aria-hidden
                className={`absolute top-1 -left-[31px] h-3 w-3 rounded-full border-2 border-white dark:border-zinc-900 ${i === 0 ? "bg-violet-500" : "bg-violet-200 dark:bg-violet-800"}`}
              />
              <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
                <span>{aliasSentence(e)}</span>
                {e.status === "Pending" ? <Badge tone="amber">awaiting approval</Badge> : null}
                {e.status === "Requested" ? <Badge tone="neutral">requested</Badge> : null}
                {e.status === "Rejected" ? <Badge tone="red">rejected</Badge> : null}
                {e.status === "Withdrawn" ? <Badge tone="slate">withdrawn</Badge> : null}
                <span className="text-zinc-600 dark:text-zinc-400">
                  by <span className="font-medium text-zinc-800 dark:text-zinc-200">{e.user ?? "a deleted user"}</span>
                </span>
                <span className="text-xs text-zinc-500 dark:text-zinc-400">
                  <RelativeTime date={e.createdAt} />
                </span>
              </div>
              {e.reason ? <p className="mt-1 text-sm font-medium text-zinc-700 dark:text-zinc-300">{e.reason}</p> : null}
            </li>
          );
        }
        const c = m.c;
        const from = typeof c.meta_info.from_stage === "string" ? c.meta_info.from_stage : null;
        const user = typeof c.meta_info.user === "string" ? c.meta_info.user : null;
        const badge = statusBadge(c);
        const requestedBy = typeof c.meta_info.requested_by === "string" ? c.meta_info.requested_by : null;
        const by = c.meta_info.decision === "approved" ? "approved by" : (VERB[c.status] ?? "by");
        return (
          <li key={i} className="relative">
            <span
              aria-hidden
              className={`absolute top-1 -left-[31px] h-3 w-3 rounded-full border-2 border-white dark:border-zinc-900 ${i === 0 ? "bg-accent-500" : "bg-zinc-300 dark:bg-zinc-600"}`}
            />
            <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
              {from ? (
                <>
                  <StageBadge stage={from} />
                  <span aria-hidden="true" className="text-zinc-400">
                    →
                  </span>
                  <span className="sr-only">to</span>
                </>
              ) : null}
              <StageBadge stage={c.type} />
              {badge ? <Badge tone={badge.tone}>{badge.label}</Badge> : null}
              <span className="text-zinc-600 dark:text-zinc-400">
                {by} <span className="font-medium text-zinc-800 dark:text-zinc-200">{user ?? "a deleted user"}</span>
                {requestedBy && c.status !== "Withdrawn" ? (
                  <>
                    , requested by <span className="font-medium text-zinc-800 dark:text-zinc-200">{requestedBy}</span>
                  </>
                ) : null}
              </span>
              <span className="text-xs text-zinc-500 dark:text-zinc-400">
                <RelativeTime date={c.last_transition_time} />
              </span>
            </div>
            {c.reason || c.message ? (
              <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">
                {c.reason ? <span className="font-medium">{c.reason}</span> : null}
                {c.reason && c.message ? <span className="text-zinc-400"> — </span> : null}
                {c.message}
              </p>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
