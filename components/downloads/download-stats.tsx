// A model's or a version's downloads: the total, the last 30 days, and a strip of the last 30 days' bars
// (server-rendered; the strip is one labelled image for screen readers, each bar titled with its day).
import type { DownloadStats } from "@/lib/registry/downloads";

const fmt = (n: number) => n.toLocaleString("en");

export function DownloadStatsView({ stats, what }: { stats: DownloadStats; what: "model" | "version" }) {
  const max = Math.max(1, ...stats.daily.map((d) => d.count));
  const first = stats.daily[0]?.day;
  const last = stats.daily.at(-1)?.day;
  return (
    <div data-testid="downloads">
      <dl className="grid grid-cols-2 gap-3">
        <div>
          <dt className="text-xs text-zinc-500 dark:text-zinc-400">Last 30 days</dt>
          <dd className="text-lg font-semibold tabular-nums" data-testid="downloads-30d">
            {fmt(stats.last30Days)}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-zinc-500 dark:text-zinc-400">All time</dt>
          <dd className="text-lg font-semibold tabular-nums" data-testid="downloads-total">
            {fmt(stats.total)}
          </dd>
        </div>
      </dl>
      {stats.total === 0 ? (
        <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">
          No downloads yet. Every file download counts — from the browser, the API, the CLI's pull, Hugging Face and MLflow clients.
        </p>
      ) : (
        <div
          role="img"
          aria-label={`Downloads of this ${what} per day from ${first} to ${last}: ${fmt(stats.last30Days)} in all, at most ${fmt(max)} on one day`}
          className="mt-3 flex h-10 items-end gap-px"
        >
          {stats.daily.map((d) => (
            <span
              key={d.day}
              title={`${d.day}: ${fmt(d.count)}`}
              className={d.count ? "flex-1 rounded-t-sm bg-accent-500 dark:bg-accent-500" : "flex-1 rounded-t-sm bg-zinc-200 dark:bg-zinc-800"}
              style={{ height: d.count ? `${Math.max(8, Math.round((d.count / max) * 100))}%` : "2px" }}
            />
          ))}
        </div>
      )}
      {stats.total === 0 ? null : (
        <div aria-hidden className="mt-1 flex justify-between text-[11px] text-zinc-500 dark:text-zinc-400">
          <span>30 days ago</span>
          <span>today</span>
        </div>
      )}
    </div>
  );
}

/** The same, for a page that starts the query and lets this section wait for it. */
export async function DownloadStatsSection({ stats, what }: { stats: Promise<DownloadStats>; what: "model" | "version" }) {
  return <DownloadStatsView stats={await stats} what={what} />;
}
