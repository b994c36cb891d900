"use client";
// The left navigation of organization settings (GitHub-like): one page per concern.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

export type SettingsNavItem = { href: string; label: string; danger?: boolean };

export function SettingsNav({ items, label = "Settings" }: { items: SettingsNavItem[]; label?: string }) {
  const pathname = usePathname() ?? "";
  const active = [...items].sort((a, b) => b.href.length - a.href.length).find((i) => pathname === i.href || pathname.startsWith(i.href + "/"));
  return (
    <nav aria-label={label}>
      <ul className="flex gap-1 overflow-x-auto md:flex-col">
        {items.map((i) => {
          const isActive = active?.href === i.href;
          return (
            <li key={i.href}>
              <Link
                href={i.href}
                aria-current={isActive ? "page" : undefined}
                className={cn(
                  "block rounded-md px-3 py-1.5 text-sm whitespace-nowrap no-underline",
                  isActive
                    ? "bg-zinc-200/70 font-medium text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100"
                    : "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800/60",
                  i.danger && !isActive && "text-red-700 dark:text-red-400",
                )}
              >
                {i.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
