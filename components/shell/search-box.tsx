"use client";
// The header's search box: a plain GET form to /search (works before hydration), and `/` focuses it from
// anywhere on the page that is not a field.
import { useEffect, useRef } from "react";

export function SearchBox({ initial = "" }: { initial?: string }) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "/" || e.metaKey || e.ctrlKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName))) return;
      e.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <search className="hidden min-w-0 flex-1 sm:block sm:max-w-xs">
      <form action="/search" method="get" className="w-full">
        <label htmlFor="site-search" className="sr-only">
          Search models, versions and runs
        </label>
        <div className="relative">
          <input
            ref={input}
            id="site-search"
            name="q"
            type="search"
            defaultValue={initial}
            minLength={3}
            maxLength={100}
            placeholder="Search models, versions, runs"
            aria-keyshortcuts="/"
            className="h-8 w-full rounded-md border border-zinc-300 bg-zinc-50 pr-8 pl-3 text-sm placeholder:text-zinc-500 focus:border-accent-500 focus:bg-white focus:outline-none focus:ring-2 focus:ring-accent-500/30 dark:border-zinc-700 dark:bg-zinc-800 dark:placeholder:text-zinc-400 dark:focus:bg-zinc-900"
          />
          <kbd
            aria-hidden
            className="pointer-events-none absolute top-1/2 right-2 -translate-y-1/2 rounded border border-zinc-300 px-1 font-mono text-[11px] text-zinc-500 dark:text-zinc-400 dark:border-zinc-600"
          >
            /
          </kbd>
        </div>
      </form>
    </search>
  );
}
