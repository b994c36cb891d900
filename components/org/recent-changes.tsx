// "Recently changed across models": the organization's newest version changes (lib/registry/org-recent.ts), one line
// each — the model and version, what happened, who, when.
import Link from "next/link";
import type { RecentChange } from "@/lib/registry/org-recent";
import { RelativeTime } from "@/components/ui/relative-time";
import { StageBadge } from "@/components/version/stage-badge";

const enc = encodeURIComponent;

function What({ c, org }: { c: RecentChange; org: string }) {
  const versionLink = (name: string) => (
    <Link href={`/${enc(org)}/${enc(c.model)}/versions/${enc(name)}`} className="font-mono hover:underline">
      {name}
    </Link>
  );
  if (c.change === "stage")
    return (
      <>
        {versionLink(c.version)} moved {c.from ? <StageBadge stage={c.from} /> : null} <span aria-hidden>→</span>
        <span className="sr-only">to</span> {c.to ? <StageBadge stage={c.to} /> : null}
      </>
    );
  if (c.change === "alias")
    return (
      <>
        <span className="font-mono text-violet-700 dark:text-violet-300">@{c.alias}</span>{" "}
        {c.to ? (
          <>
            {c.from ? `moved from ${c.from} to` : "set on"} {versionLink(c.to)}
          </>
        ) : (
          <>removed from {versionLink(c.version)}</>
        )}
      </>
    );
  return (
    <>
      new version {versionLink(c.version)}
      {c.from ? <span className="text-zinc-500 dark:text-zinc-400"> (from {c.from})</span> : null}
    </>
  );
}

export function RecentChanges({ org, changes }: { org: string; changes: RecentChange[] }) {
  if (!changes.length)
    return <p className="text-sm text-zinc-600 dark:text-zinc-400">No version has been registered, moved between stages or given an alias yet.</p>;
  return (
    <ol
      aria-label="Recently changed across models"
      className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white text-sm dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900"
    >
      {changes.map((c) => (
        <li key={c.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 px-4 py-2.5">
          <span className="flex flex-wrap items-center gap-x-1.5 gap-y-1">
            <Link href={`/${enc(org)}/${enc(c.model)}`} className="font-medium hover:underline">
              {c.model}
            </Link>
            <span aria-hidden className="text-zinc-400">
              ·
            </span>
            <What c={c} org={org} />
          </span>
          <span className="text-xs whitespace-nowrap text-zinc-600 dark:text-zinc-400">
            {c.by ? `${c.by}, ` : ""}
            <RelativeTime date={c.at} />
          </span>
        </li>
      ))}
    </ol>
  );
}
