// The activity log: every change is recorded with who, what and when, in the caller's transaction.
import "server-only";
import { and, desc, eq } from "drizzle-orm";
import type { DB } from "@/db";
import { activities, users } from "@/db/schema";
import { enqueueWebhookEvents } from "./webhook-events";

export type ActivityInput = {
  orgId: number | null;
  projectId?: number | null;
  actorId: number | null;
  verb: string;
  target: string;
  details?: Record<string, unknown>;
};

export async function recordActivity(db: DB, a: ActivityInput): Promise<void> {
  await db.insert(activities).values({
    orgId: a.orgId,
    projectId: a.projectId ?? null,
    actorId: a.actorId,
    verb: a.verb,
    target: a.target,
    details: a.details ?? {},
  });
  // The webhook outbox, in the same transaction as the change (see webhook-events.ts).
  await enqueueWebhookEvents(db, a);
}

export type ActivityRow = {
  id: number;
  verb: string;
  target: string;
  details: Record<string, unknown>;
  createdAt: Date;
  actor: string | null;
};

/** One indexed page of activity, newest first. */
export async function listActivityRows(
  db: DB,
  where: { orgId: number } | { projectId: number },
  opts: { limit: number; offset?: number },
): Promise<ActivityRow[]> {
  const cond = "orgId" in where ? eq(activities.orgId, where.orgId) : eq(activities.projectId, where.projectId);
  return db
    .select({
      id: activities.id,
      verb: activities.verb,
      target: activities.target,
      details: activities.details,
      createdAt: activities.createdAt,
      actor: users.username,
    })
    .from(activities)
    .leftJoin(users, eq(users.id, activities.actorId))
    .where(and(cond))
    .orderBy(desc(activities.createdAt), desc(activities.id))
    .limit(opts.limit)
    .offset(opts.offset ?? 0);
}

