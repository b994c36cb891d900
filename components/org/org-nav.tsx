// The organization's tab row: Models, and for its members Members · Teams · Activity, and Settings
// for those who may change them. The registry enforces every permission; this only hides dead ends.
import { orgCan, type OrgRole } from "@/lib/authz";
import { NavLinks, type NavItem } from "@/components/ui/nav-links";

export type OrgNavProps = {
  /** The organization as getOrganization() returns it (name and the viewer's role are enough). */
  org: { name: string; viewerRole: OrgRole | null; personal?: boolean };
};

/**
 * The tabs the viewer may use. Models is current on its own page only; Settings covers the settings
 * pages that have no tab of their own (General, Danger zone).
 */
export function orgTabs(org: OrgNavProps["org"]): NavItem[] {
  const base = `/${org.name}`;
  const tabs: NavItem[] = [{ href: base, label: "Models", exact: true }];
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
  return <NavLinks items={orgTabs(org)} label="Organization" className="border-b border-zinc-200 dark:border-zinc-800" />;
}
