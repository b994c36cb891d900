"use client";
import * as Menu from "@radix-ui/react-dropdown-menu";
import Link from "next/link";
import { signOut } from "next-auth/react";

const item = "block w-full rounded px-2 py-1.5 text-left text-sm no-underline outline-none data-[highlighted]:bg-zinc-100 dark:data-[highlighted]:bg-zinc-800";

export function UserMenu({ username, name, email }: { username: string; name: string; email: string }) {
  return (
    <Menu.Root>
      <Menu.Trigger
        aria-label="Account menu"
        className="flex h-8 w-8 items-center justify-center rounded-full bg-accent-100 text-sm font-semibold text-accent-700 dark:text-accent-300 uppercase hover:ring-2 hover:ring-accent-500/40"
      >
        {username.slice(0, 1)}
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content
          align="end"
          sideOffset={6}
          className="z-50 min-w-56 rounded-lg border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
        >
          <div className="px-2 py-2">
            <div className="text-sm font-medium" data-testid="signed-in-as">
              {username}
            </div>
            <div className="truncate text-xs text-zinc-500 dark:text-zinc-400">{name ? `${name} · ${email}` : email}</div>
          </div>
          <Menu.Separator className="my-1 h-px bg-zinc-200 dark:bg-zinc-800" />
          <Menu.Item asChild>
            <Link href={`/${username}`} className={item}>
              Your models
            </Link>
          </Menu.Item>
          <Menu.Item asChild>
            <Link href="/settings/account" className={item}>
              Account
            </Link>
          </Menu.Item>
          <Menu.Item asChild>
            <Link href="/settings/tokens" className={item}>
              Access tokens
            </Link>
          </Menu.Item>
          <Menu.Separator className="my-1 h-px bg-zinc-200 dark:bg-zinc-800" />
          <Menu.Item className={item} onSelect={() => signOut({ callbackUrl: "/login" })}>
            Sign out
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
