"use client";
// Pending state for a list's client-side navigations (sort, filter, pagination): the links and search
// forms inside a PendingRegion navigate in one transition, and while the next page renders the region
// is dimmed and aria-busy, so a table never looks current while it is stale. Outside a region (or for
// a modified click) they are ordinary links and GET forms.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { createContext, useCallback, useContext, useMemo, useTransition, type ComponentProps, type MouseEvent, type ReactNode } from "react";
import { cn } from "./cn";

type Pending = { pending: boolean; navigate: (href: string) => void };
const PendingContext = createContext<Pending | null>(null);

export function PendingRegion({ children, className }: { children: ReactNode; className?: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const navigate = useCallback((href: string) => startTransition(() => router.push(href, { scroll: false })), [router]);
  const value = useMemo(() => ({ pending, navigate }), [pending, navigate]);
  return (
    <PendingContext.Provider value={value}>
      <div
        data-pending={pending ? "" : undefined}
        aria-busy={pending || undefined}
        className={cn("transition-opacity duration-150 data-[pending]:opacity-55 data-[pending]:[&_table]:cursor-progress", className)}
      >
        {children}
      </div>
    </PendingContext.Provider>
  );
}

const modified = (e: MouseEvent) => e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey;

export function PendingLink({ onClick, ...props }: ComponentProps<typeof Link>) {
  const ctx = useContext(PendingContext);
  return (
    <Link
      {...props}
      onClick={(e) => {
        onClick?.(e);
        if (!ctx || e.defaultPrevented || modified(e) || props.target) return;
        e.preventDefault();
        ctx.navigate(typeof props.href === "string" ? props.href : e.currentTarget.href);
      }}
    />
  );
}

/** A GET search form: in a region, its submit is a client navigation to the same URL a browser would build. */
export function PendingSearchForm({ onSubmit, ...props }: ComponentProps<"form">) {
  const ctx = useContext(PendingContext);
  return (
    <form
      method="get"
      {...props}
      onSubmit={(e) => {
        onSubmit?.(e);
        if (!ctx || e.defaultPrevented) return;
        e.preventDefault();
        const form = e.currentTarget;
        const url = new URL(form.action || window.location.href);
        const params = new URLSearchParams();
        for (const [k, v] of new FormData(form)) if (typeof v === "string") params.append(k, v);
        url.search = params.toString();
        ctx.navigate(`${url.pathname}${url.search}`);
      }}
    />
  );
}
