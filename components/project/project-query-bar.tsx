// The models list's search: a PQL query and a sort, sent as a GET form so the URL holds both and a
// filtered list can be shared or bookmarked.
import { PendingLink, PendingSearchForm } from "@/components/ui/pending";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";

export const PROJECT_SORTS: [string, string][] = [
  ["-updated_at", "Recently updated"],
  ["name", "Name (A–Z)"],
  ["-name", "Name (Z–A)"],
  ["-created_at", "Newest"],
  ["created_at", "Oldest"],
];

const EXAMPLES = ["name:%fraud%", "tags:nlp|vision", "is_public:true", "created_at:>2026-01-01"];

export function ProjectQueryBar({ basePath, query, sort, error }: { basePath: string; query: string; sort: string; error?: string | null }) {
  const sorts = PROJECT_SORTS.some(([v]) => v === sort) || !sort ? PROJECT_SORTS : [...PROJECT_SORTS, [sort, sort] as [string, string]];
  return (
    <PendingSearchForm action={basePath} role="search" aria-label="Search models" className="mb-4 space-y-2">
      <div className="flex flex-wrap gap-2">
        <div className="min-w-64 flex-1">
          <label htmlFor="pql-query" className="sr-only">
            Query
          </label>
          <Input
            id="pql-query"
            name="query"
            defaultValue={query}
            placeholder="Filter with PQL, e.g. name:%fraud%, tags:nlp|vision"
            className="font-mono text-[13px]"
            aria-invalid={Boolean(error)}
            aria-describedby="pql-error pql-help"
          />
        </div>
        <div className="w-48">
          <label htmlFor="pql-sort" className="sr-only">
            Sort
          </label>
          <Select id="pql-sort" name="sort" defaultValue={sort || "-updated_at"}>
            {sorts.map(([v, label]) => (
              <option key={v} value={v}>
                {label}
              </option>
            ))}
          </Select>
        </div>
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </div>
      <p id="pql-error" aria-live="polite" className="text-sm text-red-600 empty:hidden dark:text-red-400">
        {error ?? ""}
      </p>
      <p id="pql-help" className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-zinc-500 dark:text-zinc-400">
        <span>Try</span>
        {EXAMPLES.map((ex) => (
          <PendingLink
            key={ex}
            href={`${basePath}?${new URLSearchParams({ query: ex })}`}
            className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-zinc-700 no-underline hover:bg-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:hover:bg-zinc-700"
          >
            {ex}
          </PendingLink>
        ))}
        <span>· fields: name, description, tags, created_at, updated_at, is_public, kind</span>
      </p>
    </PendingSearchForm>
  );
}
