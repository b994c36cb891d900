// The model's settings frame: a left nav, one page per concern (GitHub-like). Project admins only.
import type { ReactNode } from "react";
import { NavLinks } from "@/components/ui/nav-links";
import { pageAccess } from "../page-access";

export const dynamic = "force-dynamic";

type Props = { children: ReactNode; params: Promise<{ owner: string; project: string }> };

export default async function SettingsLayout({ children, params }: Props) {
  const { owner, project } = await params;
  // The registry decides; to anyone who may not change settings the pages do not exist.
  const access = await pageAccess(owner, project, "project.settings");
  const base = `/${access.org.name}/${access.project.name}/settings`;
  return (
    <div className="grid gap-8 md:grid-cols-[13rem_1fr]">
      <NavLinks
        variant="side"
        label="Settings"
        items={[
          { href: base, label: "General" },
          { href: `${base}/features`, label: "Features" },
          { href: `${base}/visibility`, label: "Visibility" },
          { href: `${base}/access`, label: "Access" },
          { href: `${base}/promotion`, label: "Promotion" },
          { href: `${base}/stages`, label: "Protected stages" },
          { href: `${base}/webhooks`, label: "Webhooks" },
          { href: `${base}/danger`, label: "Danger zone", danger: true },
        ]}
      />
      <div className="min-w-0 max-w-3xl">{children}</div>
    </div>
  );
}
