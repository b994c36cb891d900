// Demo accounts, organization `acme`, its members and team `vision` (DESIGN §9).
import { eq } from "drizzle-orm";
import type { DB } from "@/db";
import { memberships, organizations, teamMembers, teams } from "@/db/schema";
import { anonymous } from "@/lib/registry/actor";
import { signUp, type PublicUser } from "@/lib/registry/users";
import type { OrgRole } from "@/lib/authz";

export const DEMO_USERS: { username: string; name: string; role: OrgRole | null }[] = [
  { username: "demo", name: "Demo Owner", role: "owner" },
  { username: "alice", name: "Alice Admin", role: "admin" },
  { username: "bob", name: "Bob Member", role: "member" },
  { username: "carol", name: "Carol Viewer", role: "viewer" },
  { username: "dave", name: "Dave Outsider", role: null },
];

export type SeededAccounts = { users: Record<string, PublicUser>; acmeId: number; visionTeamId: number };

export async function seedAccounts(db: DB, password: string): Promise<SeededAccounts> {
  const created: Record<string, PublicUser> = {};
  for (const u of DEMO_USERS) {
    created[u.username] = await signUp(
      db,
      anonymous,
      {
        username: u.username,
        email: `${u.username}@example.com`,
        password,
        name: u.name,
      },
      null,
      { demoSeed: true },
    );
  }
  return db.transaction(async (tx) => {
    const [acme] = await tx
      .insert(organizations)
      .values({ name: "acme", displayName: "Acme Corp", description: "Fraud, churn and vision models for Acme's products." })
      .returning({ id: organizations.id });
    for (const u of DEMO_USERS) {
      if (u.role) await tx.insert(memberships).values({ orgId: acme.id, userId: created[u.username].id, role: u.role });
    }
    const [vision] = await tx.insert(teams).values({ orgId: acme.id, name: "vision", description: "Computer vision models" }).returning({ id: teams.id });
    await tx.insert(teamMembers).values({ teamId: vision.id, userId: created.bob.id, role: "member" });
    const [check] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, acme.id));
    return { users: created, acmeId: check.id, visionTeamId: vision.id };
  });
}
