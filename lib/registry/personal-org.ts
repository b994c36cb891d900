import "server-only";
import { and, eq } from "drizzle-orm";
import type { DB } from "@/db";
import { memberships, organizations } from "@/db/schema";

/** The id of a user's personal organization (where their account-level activity is recorded). */
export async function personalOrgId(db: DB, userId: number): Promise<number | null> {
  const [row] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .innerJoin(memberships, and(eq(memberships.orgId, organizations.id), eq(memberships.userId, userId)))
    .where(and(eq(organizations.personal, true), eq(memberships.role, "owner")))
    .limit(1);
  return row?.id ?? null;
}
