// The lock-out guard of a model's access changes: a change that takes away the actor's own admin
// access, or leaves no one but the organization's owners and managers able to administer the model,
// is refused with ConfirmationRequiredError unless the caller confirms it (`confirm: true`).
import "server-only";
import type { DB } from "@/db";
import type { ProjectRole } from "@/lib/authz";
import type { Actor } from "./actor";
import type { ProjectAccess } from "./access";
import { ConfirmationRequiredError } from "./errors";
import { listProjectAccess } from "./access-list";

export type AdminState = {
  /** The actor's role on the model (null: no access; public read is not counted). */
  actorRole: ProjectRole | null;
  /** Whether the actor administers every model of the organization (owner or manager). */
  actorOrgAdmin: boolean;
  /** The people who administer the model other than through being an owner or manager of the organization. */
  admins: string[];
};

export async function adminState(tx: DB, actor: Actor, access: ProjectAccess): Promise<AdminState> {
  const entries = await listProjectAccess(tx, actor, access);
  const mine = actor.kind === "user" ? entries.find((e) => e.username === actor.username) : undefined;
  return {
    actorRole: mine?.role ?? null,
    actorOrgAdmin: mine?.reason.via === "org-admin",
    admins: entries.filter((e) => e.role === "admin" && e.reason.via !== "org-admin").map((e) => e.username),
  };
}

/** What the change would cost, in sentences; empty when it is harmless. */
export function lockoutConsequences(before: AdminState, after: AdminState, target: string, org: string): string[] {
  const out: string[] = [];
  if (before.actorRole === "admin" && after.actorRole !== "admin" && !after.actorOrgAdmin) {
    out.push(
      after.actorRole
        ? `This change takes away your own admin access to ${target}: you would be a ${after.actorRole}, and only another admin could give it back.`
        : `This change takes away your own access to ${target}: you could no longer see it, and only another admin could give it back.`,
    );
  }
  if (before.admins.length > 0 && after.admins.length === 0) {
    out.push(`After this change no one but the owners and managers of ${org} could administer ${target}.`);
  }
  return out;
}

/**
 * Runs `write` in the caller's transaction between two looks at who administers the model, and throws
 * (rolling the transaction back) when the change needs a confirmation it was not given.
 * Answers the actor's role after the change, so callers can leave a page they may no longer see.
 */
export async function guardAdmins(tx: DB, actor: Actor, access: ProjectAccess, confirm: boolean, write: () => Promise<void>): Promise<ProjectRole | null> {
  const before = await adminState(tx, actor, access);
  await write();
  const after = await adminState(tx, actor, access);
  const consequences = lockoutConsequences(before, after, `${access.org.name}/${access.project.name}`, access.org.name);
  if (consequences.length && !confirm) throw new ConfirmationRequiredError(consequences);
  return after.actorOrgAdmin ? "admin" : after.actorRole;
}
