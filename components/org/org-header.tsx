// The top of every organization page outside the models list: name, badges, description and the tabs.
import type { OrgView } from "@/lib/registry/orgs";
import { Badge } from "@/components/ui/badge";
import { OrgNav } from "./org-nav";
import { RoleBadge } from "./role-badge";

export function OrgHeader({ org }: { org: Pick<OrgView, "name" | "displayName" | "description" | "personal" | "viewerRole"> }) {
  return (
    <div className="mb-8">
      <div className="flex flex-wrap items-center gap-3 pb-4">
        <span
          aria-hidden
          className="flex h-10 w-10 items-center justify-center rounded-lg bg-accent-100 text-lg font-semibold text-accent-700 uppercase dark:bg-accent-700/30 dark:text-accent-100"
        >
          {org.name.slice(0, 1)}
        </span>
        <div className="min-w-0">
          <h1 className="flex flex-wrap items-center gap-2 text-xl font-semibold tracking-tight">
            {org.displayName || org.name}
            {org.personal ? <Badge tone="blue">personal</Badge> : null}
            {org.viewerRole ? <RoleBadge role={org.viewerRole} /> : null}
          </h1>
          <p className="text-sm text-zinc-500 dark:text-zinc-400">
            @{org.name}
            {org.description ? <span className="text-zinc-600 dark:text-zinc-400"> · {org.description}</span> : null}
          </p>
        </div>
      </div>
      <OrgNav org={org} />
    </div>
  );
}
