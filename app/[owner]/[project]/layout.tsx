// The frame of every model page: owner / name, visibility, and the tabs the viewer may use.
import Link from "next/link";
import type { ReactNode } from "react";
import { projectCan } from "@/lib/authz";
import { Badge } from "@/components/ui/badge";
import { ProjectTabs, type ProjectTab } from "@/components/project/project-tabs";
import { pageAccess } from "./page-access";

type Props = { children: ReactNode; params: Promise<{ owner: string; project: string }> };

export default async function ProjectLayout({ children, params }: Props) {
  const { owner, project } = await params;
  // Shared with the page below (one query per request); missing or invisible → 404.
  const access = await pageAccess(owner, project);
  const p = access.project;
  const base = `/${access.org.name}/${p.name}`;
  const excluded = new Set(p.excludedFeatures);
  const tabs: ProjectTab[] = [{ href: base, label: "Overview" }];
  if (!excluded.has("models")) tabs.push({ href: `${base}/versions`, label: "Versions" });
  if (!excluded.has("runs")) tabs.push({ href: `${base}/runs`, label: "Runs" });
  tabs.push({ href: `${base}/activity`, label: "Activity" });
  if (projectCan(access.role, "project.settings")) tabs.push({ href: `${base}/settings`, label: "Settings" });
  return (
    <div>
      <div className="-mt-2 mb-6 border-b border-zinc-200 dark:border-zinc-800">
        <div className="flex flex-wrap items-center gap-3 pb-3">
          <h1 className="text-xl font-semibold tracking-tight">
            <Link href={`/${access.org.name}`} className="font-normal text-zinc-600 no-underline hover:underline dark:text-zinc-400">
              {access.org.name}
            </Link>
            <span className="mx-1.5 text-zinc-400">/</span>
            <Link href={base} className="no-underline hover:underline">
              {p.name}
            </Link>
          </h1>
          <Badge tone={p.isPublic ? "green" : "neutral"}>{p.isPublic ? "Public" : "Private"}</Badge>
          {p.liveState === "archived" ? <Badge tone="amber">Archived</Badge> : null}
          <span className="ml-auto text-xs text-zinc-500 dark:text-zinc-400" title="Your access to this model">
            {access.role === "viewer" && p.isPublic && !access.orgRole ? "read-only" : `your role: ${access.role}`}
          </span>
        </div>
        <ProjectTabs tabs={tabs} />
      </div>
      {children}
    </div>
  );
}
