"use client";
// Shows the organization of the current page and switches to another of the user's organizations.
import * as Menu from "@radix-ui/react-dropdown-menu";
import Link from "next/link";
import { usePathname } from "next/navigation";

type Org = { name: string; displayName: string; personal: boolean };

// The app's own top-level routes (RESERVED_NAMES in lib/registry/validate.ts refuses them as names).
const NOT_ORGS = new Set(["", "login", "signup", "settings", "new", "api", "orgs", "inbox"]);

export function OrgSwitcher({ orgs }: { orgs: Org[] }) {
  const pathname = usePathname();
  const segment = pathname.split("/")[1] ?? "";
  const current = NOT_ORGS.has(segment) ? null : segment;
  return (
    <div className="flex items-center gap-1 text-sm">
      <span aria-hidden className="text-zinc-300 dark:text-zinc-700">
        /
      </span>
      <Menu.Root>
        <Menu.Trigger
          className="flex items-center gap-1 rounded-md px-2 py-1 font-medium text-zinc-800 hover:bg-zinc-100 dark:text-zinc-200 dark:hover:bg-zinc-800"
          aria-label="Switch organization"
        >
          {current ?? "Organizations"}
          <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4 text-zinc-400">
            <path fill="currentColor" d="M5.5 7.5 10 12l4.5-4.5" stroke="currentColor" strokeWidth="1.5" fillOpacity="0" />
          </svg>
        </Menu.Trigger>
        <Menu.Portal>
          <Menu.Content
            align="start"
            sideOffset={6}
            className="z-50 min-w-56 rounded-lg border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
          >
            {/* biome-ignore lint/a11y/noLabelWithoutControl: Radix's menu group label, not a form label */}
            <Menu.Label className="px-2 py-1.5 text-xs font-semibold text-zinc-500 dark:text-zinc-400 uppercase">Your organizations</Menu.Label>
            {orgs.map((o) => (
              <Menu.Item key={o.name} asChild>
                <Link
                  href={`/${o.name}`}
                  className="flex items-center justify-between rounded px-2 py-1.5 text-sm no-underline outline-none data-[highlighted]:bg-zinc-100 dark:data-[highlighted]:bg-zinc-800"
                >
                  <span>{o.name}</span>
                  <span className="text-xs text-zinc-500 dark:text-zinc-400">{o.personal ? "personal" : current === o.name ? "current" : ""}</span>
                </Link>
              </Menu.Item>
            ))}
            <Menu.Separator className="my-1 h-px bg-zinc-200 dark:bg-zinc-800" />
            <Menu.Item asChild>
              <Link
                href="/orgs/new"
                className="block rounded px-2 py-1.5 text-sm no-underline outline-none data-[highlighted]:bg-zinc-100 dark:data-[highlighted]:bg-zinc-800"
              >
                New organization…
              </Link>
            </Menu.Item>
          </Menu.Content>
        </Menu.Portal>
      </Menu.Root>
    </div>
  );
}
