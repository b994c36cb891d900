// The model's tab bar; the active tab follows the URL (the shared NavLinks, as the organization's tabs).
import { NavLinks, type NavItem } from "@/components/ui/nav-links";

export type ProjectTab = Pick<NavItem, "href" | "label" | "count">;

export function ProjectTabs({ tabs }: { tabs: ProjectTab[] }) {
  return <NavLinks items={tabs} label="Model sections" />;
}
