// The frame of organization settings: the organization's header and tabs, and a left nav with one
// page per concern. Members of the organization see Members, Teams and Activity; the rest is for
// those who may change it. Outsiders get a 404 (the registry refuses them everything here anyway).
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { registryDb } from "@/lib/registry/request";
import { orgCan } from "@/lib/authz";
import { currentActor } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/registry/errors";
import { getOrganization } from "@/lib/registry/orgs";
import { OrgHeader } from "@/components/org/org-header";
import { NavLinks, type NavItem } from "@/components/ui/nav-links";

export const dynamic = "force-dynamic";

type Props = { children: ReactNode; params: Promise<{ owner: string }> };

export default async function OrgSettingsLayout({ children, params }: Props) {
  const { owner } = await params;
  const org = await getOrganization(await registryDb(), await currentActor(), owner).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  if (!orgCan(org.viewerRole, "org.read")) notFound();
  const base = `/${org.name}/settings`;
  const items: NavItem[] = [];
  if (orgCan(org.viewerRole, "org.update")) items.push({ href: base, label: "General" });
  if (!org.personal) items.push({ href: `${base}/members`, label: "Members" }, { href: `${base}/teams`, label: "Teams" });
  items.push({ href: `${base}/activity`, label: "Activity" });
  if (orgCan(org.viewerRole, "webhooks.manage")) items.push({ href: `${base}/webhooks`, label: "Webhooks" });
  if (orgCan(org.viewerRole, "org.delete") && !org.personal) items.push({ href: `${base}/danger`, label: "Danger zone", danger: true });
  return (
    <>
      <OrgHeader org={org} />
      <div className="grid grid-cols-1 gap-8 md:grid-cols-[12rem_1fr]">
        {/* min-w-0: the nav scrolls sideways on a phone instead of widening the page. */}
        <aside className="min-w-0">
          <NavLinks variant="side" items={items} label="Organization settings" />
        </aside>
        <div className="min-w-0">{children}</div>
      </div>
    </>
  );
}
