"use client";
// The organization's tab row: Models, and for its members Members · Teams · Activity, and Settings
// for those who may change them. The registry enforces every permission; this only hides dead ends.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { orgCan, type OrgRole } from "@/lib/authz";
import { cn } from "@/components/ui/cn";

export type OrgNavProps = {
  /** The organization as getOrganization() returns it (name and the viewer's role are enough). */
  org: { name: string; viewerRole: OrgRole | null; personal?: boolean };
};

export function orgTabs(org: OrgNavProps["org"]): { href: string; label: string }[] {
  const base = `/${org.name}`;
  const tabs = [{ href: base, label: "Models" }];
  if (orgCan(org.viewerRole, "org.read")) {
    if (!org.personal) {
      tabs.push({ href: `${base}/settings/members`, label: "Members" }, { href: `${base}/settings/teams`, label: "Teams" });
    }
    tabs.push({ href: `${base}/settings/activity`, label: "Activity" });
  }
  if (orgCan(org.viewerRole, "org.update")) tabs.push({ href: `${base}/settings`, label: "Settings" });
  return tabs;
}

export function OrgNav({ org }: OrgNavProps) {
  const pathname = usePathname() ?? "";
  const tabs = orgTabs(org);
  // The longest matching prefix wins, except that Models is active on its own page only and
  // Settings covers the settings pages that have no tab of their own (General, Danger zone).
  const active =
    [...tabs].sort((a, b) => b.href.length - a.href.length).find((t) => t.label !== "Models" && (pathname === t.href || pathname.startsWith(t.href + "/")))?.href ??
    (pathname === `/${org.name}` ? `/${org.name}` : undefined);
  return (
    <nav aria-label="Organization" className="-mb-px flex gap-1 overflow-x-auto border-b border-zinc-200 dark:border-zinc-800">
      {tabs.map((t) => {
        const isActive = active === t.href;
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
          </Link>
        );
      })}
    </nav>
  );
}
