"use client";
// One navigation for the whole app: the organization's and the model's tab rows (`tabs`) and the
// settings pages' left nav (`side`, a row on narrow screens). A labelled <nav> landmark around a list
// of links; the current one carries aria-current="page" and follows the URL: the longest href the
// path equals or lies under wins (an `exact` item only on its own page). Plain links: Tab moves
// through them and the global focus ring shows where.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

export type NavItem = {
  href: string;
  label: string;
  /** A small count after the label. */
  count?: number;
  /** Destructive area (Danger zone): red, set apart. */
  danger?: boolean;
  /** Current on its own page only, not on the pages under it. */
  exact?: boolean;
};

/** The item the path designates: the longest href it equals or lies under. */
export function activeNavItem<T extends NavItem>(items: readonly T[], pathname: string): T | undefined {
  return [...items].sort((a, b) => b.href.length - a.href.length).find((i) => pathname === i.href || (!i.exact && pathname.startsWith(`${i.href}/`)));
}

// Text colours apart: one of them per link (a later class does not override an earlier one in CSS).
const LINK: Record<"tabs" | "side", { base: string; on: string; off: string }> = {
  tabs: {
    base: "block border-b-2 px-3 py-2.5 text-sm font-medium whitespace-nowrap no-underline",
    on: "border-accent-600",
    off: "border-transparent hover:border-zinc-300 hover:text-zinc-900 dark:hover:text-zinc-200",
  },
  side: {
    base: "block rounded-md px-3 py-1.5 text-sm whitespace-nowrap no-underline md:border-l-2",
    on: "bg-zinc-200/70 font-medium md:border-accent-600 dark:bg-zinc-800",
    off: "hover:bg-zinc-100 md:border-transparent dark:hover:bg-zinc-800/60",
  },
};
const TEXT = { danger: "text-red-700 dark:text-red-400", on: "text-zinc-900 dark:text-zinc-100", off: "text-zinc-600 dark:text-zinc-400" };

export function NavLinks({
  items,
  label,
  variant = "tabs",
  className,
}: {
  items: readonly NavItem[];
  /** The landmark's accessible name, e.g. "Model sections". */
  label: string;
  variant?: "tabs" | "side";
  className?: string;
}) {
  const pathname = usePathname() ?? "";
  const active = activeNavItem(items, pathname);
  const style = LINK[variant];
  return (
    <nav aria-label={label} className={cn(variant === "tabs" ? "-mb-px overflow-x-auto" : "overflow-x-auto md:sticky md:top-20 md:self-start", className)}>
      <ul className={cn("flex gap-1", variant === "side" && "md:flex-col")}>
        {items.map((i) => {
          const isActive = active?.href === i.href;
          return (
            <li key={i.href} className={i.danger && variant === "side" ? "md:mt-3" : undefined}>
              <Link
                href={i.href}
                aria-current={isActive ? "page" : undefined}
                className={cn(style.base, isActive ? style.on : style.off, TEXT[i.danger ? "danger" : isActive ? "on" : "off"])}
              >
                {i.label}
                {i.count !== undefined ? (
                  <span className="ml-1.5 rounded-full bg-zinc-100 px-1.5 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400">{i.count}</span>
                ) : null}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
