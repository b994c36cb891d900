// Placeholders shown by the loading.tsx files while a page's data loads: the same boxes, borders and
// spacing as the real Card, Table and list rows, so nothing moves when the content arrives. A loading
// region is aria-busy and says "Loading…" once to screen readers; the grey shapes themselves are hidden.
import type { ComponentProps, CSSProperties, ReactNode } from "react";
import { cn } from "./cn";

/** One grey block; give it the size of what it stands for (h-4 w-32 …). */
export function Skeleton({ className, ...props }: ComponentProps<"div">) {
  return <div aria-hidden className={cn("rounded-md bg-zinc-200/80 motion-safe:animate-pulse dark:bg-zinc-800", className)} {...props} />;
}

/** The root of every loading state: busy for assistive technology, with a visually hidden status. */
export function LoadingRegion({ label = "Loading…", className, children }: { label?: string; className?: string; children: ReactNode }) {
  return (
    <div aria-busy="true" className={className}>
      <p role="status" className="sr-only">
        {label}
      </p>
      {children}
    </div>
  );
}

// Bar widths within a cell that vary like real content does, cycled across cells.
const CELL_WIDTHS = ["w-3/4", "w-1/2", "w-2/3", "w-5/6", "w-2/5", "w-3/5"];

/** Stands for a components/ui/table Table: same frame, header band, row height and padding, columns
 * spread over the width (the first one wider, as a name column is). */
export function TableSkeleton({ rows = 6, columns = 5, className }: { rows?: number; columns?: number; className?: string }) {
  const cols = Array.from({ length: columns }, (_, i) => i);
  // A phone shows the first three columns (the rest would be slivers); wider screens all of them.
  const track = (n: number) => `minmax(0,2fr) repeat(${Math.max(n - 1, 1)}, minmax(0,1fr))`;
  const grid = { "--cols": track(columns), "--cols-sm": track(Math.min(columns, 3)) } as CSSProperties;
  const row = "grid gap-6 px-4 py-3 [grid-template-columns:var(--cols-sm)] sm:[grid-template-columns:var(--cols)]";
  const cell = (c: number) => (c >= 3 ? "hidden sm:block" : undefined);
  return (
    <div aria-hidden className={cn("overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900", className)}>
      <div className={cn(row, "bg-zinc-50 dark:bg-zinc-900/60")} style={grid}>
        {cols.map((c) => (
          <Skeleton key={c} className={cn(c === 0 ? "h-3 w-1/2" : "h-3 w-2/3", cell(c))} />
        ))}
      </div>
      {Array.from({ length: rows }, (_, r) => (
        <div key={r} className={cn(row, "items-center border-t border-zinc-200 dark:border-zinc-800")} style={grid}>
          {cols.map((c) => (
            <Skeleton key={c} className={cn("h-4", CELL_WIDTHS[(c + r) % CELL_WIDTHS.length], cell(c))} />
          ))}
        </div>
      ))}
    </div>
  );
}

/** Stands for a components/ui/card Card, with a CardHeader title unless `header={false}`. */
export function CardSkeleton({
  lines = 3,
  header = true,
  className,
  children,
}: {
  lines?: number;
  header?: boolean;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <div aria-hidden className={cn("rounded-lg border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900", className)}>
      {header ? (
        <div className="border-b border-zinc-200 px-5 py-4 dark:border-zinc-800">
          <Skeleton className="h-4 w-32" />
        </div>
      ) : null}
      <div className="space-y-3 px-5 py-4">
        {children ?? Array.from({ length: lines }, (_, i) => <Skeleton key={i} className={cn("h-4", i === lines - 1 ? "w-2/3" : "w-full")} />)}
      </div>
    </div>
  );
}

/** A stacked list (models, activity): bordered rows with a title line and a shorter line under it. */
export function ListSkeleton({ rows = 5, className }: { rows?: number; className?: string }) {
  return (
    <div
      aria-hidden
      className={cn(
        "divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900",
        className,
      )}
    >
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="flex items-start justify-between gap-6 px-5 py-4">
          <div className="min-w-0 flex-1 space-y-2">
            <Skeleton className={cn("h-4", i % 2 ? "w-40" : "w-56", "max-w-full")} />
            <Skeleton className="h-3 w-3/4" />
          </div>
          <Skeleton className="h-3 w-20 shrink-0" />
        </div>
      ))}
    </div>
  );
}

/** A settings section: a heading band, then form fields (a label and an input each) and a button.
 * `boxed` for a model's settings (components/project/settings-section.tsx: the form in a bordered box),
 * plain for an organization's (app/[owner]/settings/section.tsx). */
export function SettingsSectionSkeleton({ fields = 3, boxed = false }: { fields?: number; boxed?: boolean }) {
  return (
    <div aria-hidden>
      <div className="mb-5 space-y-2 border-b border-zinc-200 pb-3 dark:border-zinc-800">
        <Skeleton className="h-6 w-40" />
        <Skeleton className="h-3.5 w-72 max-w-full" />
      </div>
      <div className={cn("space-y-5", boxed && "rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900")}>
        {Array.from({ length: fields }, (_, i) => (
          <div key={i} className="space-y-1.5">
            <Skeleton className="h-3.5 w-24" />
            <Skeleton className="h-9 w-full" />
          </div>
        ))}
        <Skeleton className="h-9 w-28" />
      </div>
    </div>
  );
}

/** A page title (PageHeader, or the h2 of a model's tab) with an optional line of description. */
export function HeadingSkeleton({ description = false, className }: { description?: boolean; className?: string }) {
  return (
    <div aria-hidden className={cn("space-y-2", className)}>
      <Skeleton className="h-7 w-48" />
      {description ? <Skeleton className="h-4 w-80 max-w-full" /> : null}
    </div>
  );
}

/** A list's filters: an optional row of chips, then the PQL box (components/ui/query-box.tsx), and
 * the line of example queries under it (`hints`, as the models list has). */
export function QueryBarSkeleton({ chips = 0, hints = false }: { chips?: number; hints?: boolean }) {
  return (
    <div aria-hidden className="mb-4 space-y-3">
      {chips ? (
        <div className="flex flex-wrap gap-2">
          {Array.from({ length: chips }, (_, i) => (
            <Skeleton key={i} className="h-7 w-20 rounded-full" />
          ))}
        </div>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Skeleton className="h-9 min-w-64 flex-1" />
        <Skeleton className="hidden h-9 w-44 sm:block" />
        <Skeleton className="h-9 w-20" />
      </div>
      {hints ? <Skeleton className="h-5 w-2/3" /> : null}
    </div>
  );
}
