import { PendingLink } from "./pending";
import { buttonClass } from "./button";

/** Previous / next links that keep the rest of the URL's query. */
export function Pager({
  basePath,
  params,
  offset,
  limit,
  count,
  capped,
}: {
  basePath: string;
  params: Record<string, string>;
  offset: number;
  limit: number;
  count: number;
  capped?: boolean;
}) {
  const href = (o: number) => `${basePath}?${new URLSearchParams({ ...params, offset: String(o) }).toString()}`;
  const shown = count === 0 ? "0" : `${offset + 1}–${Math.min(offset + limit, count)}`;
  return (
    <nav aria-label="Pagination" className="mt-4 flex items-center justify-between text-sm text-zinc-600 dark:text-zinc-400">
      <span>
        {shown} of {count.toLocaleString("en")}
        {capped ? "+" : ""}
      </span>
      <span className="flex gap-2">
        {offset > 0 ? (
          <PendingLink className={buttonClass("secondary", "sm")} href={href(Math.max(0, offset - limit))}>
            Previous
          </PendingLink>
        ) : null}
        {offset + limit < count || capped ? (
          <PendingLink className={buttonClass("secondary", "sm")} href={href(offset + limit)}>
            Next
          </PendingLink>
        ) : null}
      </span>
    </nav>
  );
}
