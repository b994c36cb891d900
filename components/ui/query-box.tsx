// A GET form for a PQL query and sort: the query lives in the URL, so a filtered view can be shared.
import { Button } from "./button";
import { Input } from "./input";
import { PendingSearchForm } from "./pending";

export function QueryBox({
  query,
  sort,
  placeholder,
  error,
  hidden = {},
}: {
  query: string;
  sort: string;
  placeholder: string;
  error?: string | null;
  hidden?: Record<string, string>;
}) {
  return (
    <PendingSearchForm role="search" className="mb-4 space-y-1.5">
      <div className="flex flex-wrap gap-2">
        <label htmlFor="pql-query" className="sr-only">
          Query
        </label>
        <div className="min-w-64 flex-1">
          <Input
            id="pql-query"
            name="query"
            defaultValue={query}
            placeholder={placeholder}
            className="font-mono text-[13px]"
            aria-invalid={Boolean(error)}
            aria-describedby="pql-error"
          />
        </div>
        <label htmlFor="pql-sort" className="sr-only">
          Sort
        </label>
        <div className="w-44">
          <Input id="pql-sort" name="sort" defaultValue={sort} placeholder="sort, e.g. -created_at" className="font-mono text-[13px]" />
        </div>
        {Object.entries(hidden).map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </div>
      <p id="pql-error" aria-live="polite" className="text-sm text-red-600 dark:text-red-400">
        {error ?? null}
      </p>
    </PendingSearchForm>
  );
}
