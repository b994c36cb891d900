// The activity log: every change is recorded with who, what and when, in the caller's transaction.
import "server-only";
import { and, desc, eq } from "drizzle-orm";
import type { DB } from "@/db";
import { activities, users } from "@/db/schema";
import type { Actor } from "./actor";
import type { ProjectAccess } from "./access";
import { redactActivities } from "./redact";
import { enqueueWebhookEvents } from "./webhook-events";

export type ActivityInput = {
  orgId: number | null;
  projectId?: number | null;
  actorId: number | null;
  verb: string;
  target: string;
  details?: Record<string, unknown>;
  /**
   * The values before and after an update, for the webhook payload only (not stored in the activity row, which
   * names the fields): an update's receivers see what changed without asking.
   */
  change?: { before: Record<string, unknown>; after: Record<string, unknown> };
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

/** The columns of an activity row as every log shows it (the actor's username; null when the account is gone). */
export const activityRowColumns = {
  id: activities.id,
  verb: activities.verb,
  target: activities.target,
  details: activities.details,
  createdAt: activities.createdAt,
  actor: users.username,
};

export type ActivityRow = {
  id: number;
  verb: string;
  target: string;
  details: Record<string, unknown>;
  createdAt: Date;
  actor: string | null;
};

/**
 * One indexed page of a model's activity, newest first, for a reader of it (`access`): details that name
 * projects the reader may not see are redacted (redact.ts).
 */
export async function listActivityRows(
  db: DB,
  actor: Actor,
  access: Pick<ProjectAccess, "org" | "project">,
  opts: { limit: number; offset?: number },
): Promise<ActivityRow[]> {
  const cond = eq(activities.projectId, access.project.id);
  const rows = await db
    .select(activityRowColumns)
    .from(activities)
    .leftJoin(users, eq(users.id, activities.actorId))
    .where(and(cond))
    .orderBy(desc(activities.createdAt), desc(activities.id))
    .limit(opts.limit)
    .offset(opts.offset ?? 0);
  return redactActivities(db, actor, access.org.name, rows, [`${access.org.name}/${access.project.name}`]);
}
