"use client";
// The settings pages' left nav (a row of links on narrow screens); the current page is marked.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

export type SettingsNavItem = { href: string; label: string; danger?: boolean };

export function SettingsNav({ items }: { items: SettingsNavItem[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings" className="flex gap-1 overflow-x-auto md:sticky md:top-20 md:flex-col md:self-start">
      {items.map((i) => {
        const active = pathname === i.href;
        return (
          <Link
            key={i.href}
            href={i.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "rounded-md px-3 py-1.5 text-sm whitespace-nowrap no-underline md:border-l-2",
              active ? "bg-zinc-200/70 font-medium md:border-accent-600 dark:bg-zinc-800" : "hover:bg-zinc-100 md:border-transparent dark:hover:bg-zinc-800/60",
              i.danger ? "text-red-700 md:mt-3 dark:text-red-400" : active ? "text-zinc-900 dark:text-zinc-100" : "text-zinc-600 dark:text-zinc-400",
            )}
          >
            {i.label}
          </Link>
        );
      })}
    </nav>
  );
}
