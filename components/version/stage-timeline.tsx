// A version's stage history as a timeline, newest first: who moved it, when, from → to, why.
import { Badge } from "@/components/ui/badge";
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

export function StageTimeline({ conditions }: { conditions: TimelineEntry[] }) {
  if (!conditions.length) return <p className="text-sm text-zinc-500">No stage changes recorded.</p>;
  const newestFirst = [...conditions].reverse();
  return (
    <ol className="relative ml-1.5 space-y-5 border-l border-zinc-200 pl-6 dark:border-zinc-800" aria-label="Stage history">
      {newestFirst.map((c, i) => {
        const from = typeof c.meta_info.from_stage === "string" ? c.meta_info.from_stage : null;
        const user = typeof c.meta_info.user === "string" ? c.meta_info.user : null;
        const applied = c.status !== "False";
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
                  <span aria-label="to" className="text-zinc-400">→</span>
                </>
              ) : null}
              <StageBadge stage={c.type} />
              {!applied ? <Badge tone="red">not applied</Badge> : null}
              <span className="text-zinc-600 dark:text-zinc-400">
                by <span className="font-medium text-zinc-800 dark:text-zinc-200">{user ?? "a deleted user"}</span>
              </span>
              <span className="text-xs text-zinc-500"><RelativeTime date={c.last_transition_time} /></span>
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
