// The activity table: who did what to what, and when — newest first, one page at a time.
import Link from "next/link";
import type { OrgActivityRow } from "@/lib/registry/org-activity";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";

/** Human phrases for the verbs recorded by the registry; unknown verbs read as their words. */
const PHRASES: Record<string, string> = {
  "user.signed_up": "signed up",
  "user.profile_updated": "updated their profile",
  "user.password_changed": "changed their password",
  "org.created": "created the organization",
  "org.updated": "updated the organization",
  "org.renamed": "renamed the organization",
  "org.deleted": "deleted the organization",
  "member.added": "added member",
  "member.role_changed": "changed the role of",
  "member.removed": "removed member",
  "member.left": "left the organization",
  "team.created": "created team",
  "team.updated": "updated team",
  "team.renamed": "renamed team",
  "team.deleted": "deleted team",
  "team.member_added": "added to team",
  "team.member_role_changed": "changed the team role of",
  "team.member_removed": "removed from team",
  "token.created": "created access token",
  "token.revoked": "revoked access token",
};

export function describeVerb(verb: string): string {
  return PHRASES[verb] ?? verb.replace(/[._]/g, " ");
}

function detailText(a: OrgActivityRow): string | null {
  const d = a.details ?? {};
  if (typeof d.from === "string" && typeof d.to === "string") return `${d.from} → ${d.to}`;
  if (typeof d.role === "string") return `as ${d.role}`;
  const changes = d.changes as Record<string, { from?: unknown; to?: unknown }> | undefined;
  if (changes && typeof changes === "object") {
    if (changes.name) return `${String(changes.name.from)} → ${String(changes.name.to)}`;
    return Object.keys(changes)
      .map((k) => k.replace(/([A-Z])/g, " $1").toLowerCase())
      .join(", ");
  }
  return null;
}

export function ActivityList({ rows, org }: { rows: OrgActivityRow[]; org: string }) {
  if (!rows.length) {
    return <EmptyState title="No activity yet">Changes to members, teams and models of this organization will be listed here.</EmptyState>;
  }
  return (
    <Table>
      <THead>
        <tr>
          <TH>Who</TH>
          <TH>What</TH>
          <TH className="text-right">When</TH>
        </tr>
      </THead>
      <TBody>
        {rows.map((a) => {
          const detail = detailText(a);
          return (
            <TR key={a.id}>
              <TD className="w-40 font-medium whitespace-nowrap">{a.actor ?? <span className="text-zinc-400">deleted user</span>}</TD>
              <TD>
                <span className="text-zinc-600 dark:text-zinc-400">{describeVerb(a.verb)}</span>{" "}
                {a.project && a.projectDeleted ? (
                  // The model is gone: its name without a link, and say so.
                  <span className="font-medium">
                    {a.target.includes(a.project) ? a.target : `${a.project}/${a.target}`}{" "}
                    <span className="text-xs font-normal text-zinc-500 dark:text-zinc-400">(deleted model)</span>
                  </span>
                ) : a.project ? (
                  <Link href={`/${org}/${a.project}`} className="font-medium">
                    {a.target.includes(a.project) ? a.target : `${a.project}/${a.target}`}
                  </Link>
                ) : (
                  <span className="font-medium">{a.target}</span>
                )}
                {detail ? <span className="ml-2 text-xs text-zinc-500 dark:text-zinc-400">{detail}</span> : null}
              </TD>
              <TD className="w-36 text-right whitespace-nowrap text-zinc-500 dark:text-zinc-400">
                <RelativeTime date={a.createdAt} />
              </TD>
            </TR>
          );
        })}
      </TBody>
    </Table>
  );
}
