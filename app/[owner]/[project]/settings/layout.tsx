import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { getDb } from "@/db";
import { currentActor } from "@/lib/auth/session";
import { ForbiddenError, NotFoundError } from "@/lib/registry/errors";
import { requireProject } from "@/lib/registry/access";
import { SettingsNav } from "@/components/project/settings-nav";

export default async function SettingsLayout({ children, params }: { children: ReactNode; params: Promise<{ owner: string; project: string }> }) {
  const { owner, project } = await params;
  // Settings are for project admins; to anyone else the page does not exist.
  await requireProject(await getDb(), await currentActor(), owner, project, "project.settings").catch((err) => {
    if (err instanceof NotFoundError || err instanceof ForbiddenError) notFound();
    throw err;
  });
  const base = `/${owner}/${project}/settings`;
  return (
    <div className="grid gap-8 md:grid-cols-[12rem_1fr]">
      <SettingsNav
        items={[
          { href: base, label: "General" },
          { href: `${base}/features`, label: "Features" },
          { href: `${base}/access`, label: "Access" },
          { href: `${base}/promotion`, label: "Promotion" },
          { href: `${base}/danger`, label: "Danger zone" },
        ]}
      />
      <div className="min-w-0 max-w-3xl">{children}</div>
    </div>
  );
}
