// Test fixtures built through the registry layer, so tests exercise the same rules as the product.
import { and, eq } from "drizzle-orm";
import type { DB } from "@/db";
import { memberships, organizations, teamMembers, teams } from "@/db/schema";
import { anonymous, userActor, type UserActor } from "@/lib/registry/actor";
import { signUp } from "@/lib/registry/users";
import type { OrgRole, ProjectRole } from "@/lib/authz";

export const PASSWORD = "correct-horse-battery";

export async function makeUser(db: DB, username: string): Promise<UserActor> {
  const u = await signUp(db, anonymous, { username, email: `${username}@example.test`, password: PASSWORD });
  return userActor(u.id, u.username);
}

/** An organization with an owner, created directly (fixtures for tests of other areas). */
export async function makeOrg(db: DB, name: string, owner: UserActor): Promise<number> {
  const [org] = await db.insert(organizations).values({ name, displayName: name }).returning({ id: organizations.id });
  await db.insert(memberships).values({ orgId: org.id, userId: owner.userId, role: "owner" });
  return org.id;
}

export async function addMember(db: DB, orgId: number, user: UserActor, role: OrgRole): Promise<void> {
  await db
    .insert(memberships)
    .values({ orgId, userId: user.userId, role })
    .onConflictDoUpdate({ target: [memberships.orgId, memberships.userId], set: { role } });
}

export async function makeTeam(db: DB, orgId: number, name: string, members: [UserActor, ProjectRole][] = []) {
  const [team] = await db.insert(teams).values({ orgId, name }).returning({ id: teams.id });
  for (const [u, role] of members) await db.insert(teamMembers).values({ teamId: team.id, userId: u.userId, role });
  return team.id;
}

export async function orgRoleOf(db: DB, orgId: number, userId: number) {
  const [m] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  return m?.role ?? null;
}
