// One person in a table of people with roles (organization members, team members): who, their role
// (a picker that saves on change when the viewer may change it, else a badge), since when, and the
// row's actions. MemberRoleHead is the matching header row.
import type { ComponentProps, ReactNode } from "react";
import { RelativeTime } from "@/components/ui/relative-time";
import { TD, TH, TR } from "@/components/ui/table";
import { RoleBadge } from "./role-badge";
import { RoleSelect } from "./role-select";

export function MemberRoleHead({ role = "Role", since }: { role?: string; since: string }) {
  return (
    <tr>
      <TH>Member</TH>
      <TH>{role}</TH>
      <TH>{since}</TH>
      <TH className="text-right">
        <span className="sr-only">Actions</span>
      </TH>
    </tr>
  );
}

export function MemberRoleRow({
  user,
  you = false,
  role,
  roleSelect,
  since,
  actions,
  testId,
}: {
  user: { username: string; name: string; email?: string | null };
  /** Marks the row as the viewer's own. */
  you?: boolean;
  role: string;
  /** The picker's action, choices and accessible name when the viewer may change this role; else a badge. */
  roleSelect?: Omit<ComponentProps<typeof RoleSelect>, "role"> | null;
  since: Date;
  actions?: ReactNode;
  testId?: string;
}) {
  return (
    <TR data-testid={testId}>
      <TD>
        <div className="flex items-center gap-3">
          <span
            aria-hidden
            className="flex h-8 w-8 shrink-0 items-center justify-center rounded-full bg-zinc-100 text-sm font-semibold text-zinc-600 uppercase dark:bg-zinc-800 dark:text-zinc-300"
          >
            {user.username.slice(0, 1)}
          </span>
          <div className="min-w-0">
            <div className="font-medium">
              {user.name || user.username}
              {you ? <span className="ml-2 text-xs font-normal text-zinc-500 dark:text-zinc-400">(you)</span> : null}
            </div>
            <div className="truncate text-xs text-zinc-500 dark:text-zinc-400">
              @{user.username}
              {user.email ? ` · ${user.email}` : ""}
            </div>
          </div>
        </div>
      </TD>
      <TD>{roleSelect ? <RoleSelect {...roleSelect} role={role} /> : <RoleBadge role={role} />}</TD>
      <TD className="whitespace-nowrap text-zinc-500 dark:text-zinc-400">
        <RelativeTime date={since} />
      </TD>
      <TD className="text-right">{actions}</TD>
    </TR>
  );
}
