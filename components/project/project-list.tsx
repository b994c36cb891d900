// The organization's models as dense, scannable rows: name, visibility, description, tags, freshness.
import Link from "next/link";
import type { ProjectListItem } from "@/lib/registry/projects";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";

export function ProjectList({ owner, projects }: { owner: string; projects: ProjectListItem[] }) {
  return (
    <ul
      aria-label="Models"
      className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900"
    >
      {projects.map((p) => (
        <li key={p.id} className="flex flex-wrap items-start justify-between gap-x-6 gap-y-2 px-5 py-4 hover:bg-zinc-50/70 dark:hover:bg-zinc-800/30">
          <div className="min-w-0 flex-1">
            <div className="flex flex-wrap items-center gap-2">
              <Link href={`/${owner}/${p.name}`} className="font-semibold text-accent-700 hover:underline dark:text-accent-100">
                {p.name}
              </Link>
              <Badge tone={p.isPublic ? "green" : "neutral"}>{p.isPublic ? "Public" : "Private"}</Badge>
              {p.excludedFeatures.includes("models") ? <Badge tone="slate">runs only</Badge> : null}
            </div>
            {p.description ? <p className="mt-1 line-clamp-2 text-sm text-zinc-600 dark:text-zinc-400">{p.description}</p> : null}
            {p.tags.length ? (
              <ul aria-label={`Tags of ${p.name}`} className="mt-2 flex flex-wrap gap-1.5">
                {p.tags.map((t) => (
                  <li key={t}>
                    <Link href={`/${owner}?${new URLSearchParams({ query: `tags:${t}` })}`} className="no-underline">
                      <Badge tone="blue">{t}</Badge>
                    </Link>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
          <div className="flex shrink-0 flex-col items-end gap-1 text-xs text-zinc-500 dark:text-zinc-400">
            <span>
              Updated <RelativeTime date={p.updatedAt} />
            </span>
            {p.role && p.role !== "viewer" ? <span>your role: {p.role}</span> : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
