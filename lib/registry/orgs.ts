// Organizations: the ones a user belongs to, lookups and the actor's role in one.
import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import type { DB } from "@/db";
import { memberships, organizations, projects } from "@/db/schema";
import type { OrgRole } from "@/lib/authz";
import type { Actor } from "./actor";
import { NotFoundError } from "./errors";

export type OrgSummary = {
  id: number;
  name: string;
  displayName: string;
  description: string;
  personal: boolean;
  role: OrgRole;
  projectCount: number;
};

/** The organizations the actor belongs to, personal first, with the actor's role and a project count. */
export async function listMyOrganizations(db: DB, actor: Actor): Promise<OrgSummary[]> {
  if (actor.kind !== "user") return [];
  return db
    .select({
      id: organizations.id,
      name: organizations.name,
      displayName: organizations.displayName,
      description: organizations.description,
      personal: organizations.personal,
      role: memberships.role,
      projectCount: sql<number>`(select count(*)::int from ${projects} where ${projects.orgId} = ${organizations.id})`,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(eq(memberships.userId, actor.userId))
    .orderBy(sql`${organizations.personal} desc`, asc(organizations.name))
    .limit(200);
}

export type OrgView = {
  id: number;
  name: string;
  displayName: string;
  description: string;
  personal: boolean;
  createdAt: Date;
  /** The actor's role; null for outsiders and signed-out visitors. */
  viewerRole: OrgRole | null;
};

/** An organization by name, with the actor's role in it. Organizations are visible to everyone. */
export async function getOrganization(db: DB, actor: Actor, name: string): Promise<OrgView> {
  const userId = actor.kind === "user" ? actor.userId : -1;
  const [row] = await db
    .select({
      id: organizations.id,
      name: organizations.name,
      displayName: organizations.displayName,
      description: organizations.description,
      personal: organizations.personal,
      createdAt: organizations.createdAt,
      viewerRole: memberships.role,
    })
    .from(organizations)
    .leftJoin(memberships, and(eq(memberships.orgId, organizations.id), eq(memberships.userId, userId)))
    .where(eq(organizations.name, String(name).toLowerCase()))
    .limit(1);
  if (!row) throw new NotFoundError(`Organization '${name}' not found`);
  return row;
}
