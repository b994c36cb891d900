// Stage filter chips above the versions table: each sets the query's stage condition and keeps the rest of it.
import { PendingLink } from "@/components/ui/pending";
import { cn } from "@/components/ui/cn";

const STAGES = ["production", "staging", "testing", "disabled"] as const;

/** Splits a PQL query at top-level commas (commas inside "quotes" stay). */
export function splitConditions(query: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < query.length; i++) {
    const ch = query[i];
    if (ch === "\\" && quoted) {
      cur += ch + (query[i + 1] ?? "");
      i++;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === "," && !quoted) {
      out.push(cur.trim());
      cur = "";
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out.filter(Boolean);
}

/** The query with its stage condition replaced by `stage:<stage>` (or removed when stage is null). */
export function withStage(query: string, stage: string | null): string {
  const rest = splitConditions(query).filter((c) => !/^stage\s*:/.test(c));
  return [...(stage ? [`stage:${stage}`] : []), ...rest].join(", ");
}

export function StageChips({ base, query, sort }: { base: string; query: string; sort: string }) {
  const stageCond =
    splitConditions(query)
      .find((c) => /^stage\s*:/.test(c))
      ?.replace(/\s+/g, "") ?? null;
  const href = (stage: string | null) => {
    const q = withStage(query, stage);
    const params = new URLSearchParams({ ...(q ? { query: q } : {}), ...(sort ? { sort } : {}) });
    return `${base}/versions${params.size ? `?${params}` : ""}`;
  };
  const chip = (label: string, stage: string | null, active: boolean) => (
    <PendingLink
      key={label}
      href={href(stage)}
      aria-current={active ? "true" : undefined}
      className={cn(
        "rounded-full border px-3 py-1 text-xs font-medium no-underline transition-colors",
        active
          ? "border-accent-500 bg-accent-50 text-accent-700 dark:bg-accent-700/20 dark:text-accent-100"
          : "border-zinc-300 text-zinc-700 hover:border-zinc-400 hover:bg-white dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-900",
      )}
    >
      {label}
    </PendingLink>
  );
  return (
    <nav aria-label="Filter by stage" className="flex flex-wrap items-center gap-2">
      {chip("All stages", null, stageCond === null)}
      {STAGES.map((s) => chip(s, s, stageCond === `stage:${s}`))}
    </nav>
  );
}
