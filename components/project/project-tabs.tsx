"use client";
// The model's tab bar; the active tab follows the URL.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

export type ProjectTab = { href: string; label: string; count?: number };

export function ProjectTabs({ tabs }: { tabs: ProjectTab[] }) {
  const pathname = usePathname();
  const active = [...tabs].sort((a, b) => b.href.length - a.href.length).find((t) => pathname === t.href || pathname.startsWith(t.href + "/"));
  return (
    <nav aria-label="Model sections" className="-mb-px flex gap-1 overflow-x-auto">
      {tabs.map((t) => {
        const isActive = active?.href === t.href;
        return (
          <Link
            key={t.href}
            href={t.href}
            aria-current={isActive ? "page" : undefined}
            className={cn(
              "border-b-2 px-3 py-2.5 text-sm font-medium whitespace-nowrap no-underline",
              isActive
                ? "border-accent-600 text-zinc-900 dark:text-zinc-100"
                : "border-transparent text-zinc-600 hover:border-zinc-300 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-200",
            )}
          >
            {t.label}
            {t.count !== undefined ? <span className="ml-1.5 rounded-full bg-zinc-100 px-1.5 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400">{t.count}</span> : null}
          </Link>
        );
      })}
    </nav>
  );
}
