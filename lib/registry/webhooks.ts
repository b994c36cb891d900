// Webhooks of a model (project admins) or of an organization (org admins): create, list, change, delete,
// ping, the delivery log and redelivery. The secret is returned by create and rotate only.
import "server-only";
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { users, webhookAttempts, webhookDeliveries, webhooks } from "@/db/schema";
import { SsrfError, vetWebhookUrl } from "@/lib/net/ssrf";
import type { Actor } from "./actor";
import { requireProject } from "./access";
import { recordActivity } from "./activity";
import { ConflictError, InvalidError, NotFoundError } from "./errors";
import { requireOrg } from "./orgs";
import { parse } from "./validate";
import { WEBHOOK_EVENTS } from "./webhook-events";
import { encryptSecret, generateWebhookSecret } from "./webhook-secret";

/** How many hooks one model or organization may have. */
export const WEBHOOKS_PER_SCOPE = 50;

export type WebhookScope = { owner: string; project: string } | { org: string };

const eventsSchema = z
  .array(z.string().trim())
  .min(1, 'name at least one event, or "*" for all')
  .max(100)
  .refine((e) => e.every((x) => x === "*" || WEBHOOK_EVENTS.includes(x)), { message: `each event must be "*" or one of ${WEBHOOK_EVENTS.join(", ")}` })
  .transform((e) => (e.includes("*") ? ["*"] : [...new Set(e)].sort()));

export const createWebhookSchema = z.object({
  url: z.string().trim().min(1, "is required").max(2000, "must be at most 2000 characters"),
  events: eventsSchema.default(["*"]),
  active: z.boolean().default(true),
  description: z.string().trim().max(500, "must be at most 500 characters").default(""),
});
export const updateWebhookSchema = z.object({
  url: createWebhookSchema.shape.url.optional(),
  events: eventsSchema.optional(),
  active: z.boolean().optional(),
  description: z.string().trim().max(500, "must be at most 500 characters").optional(),
  rotate_secret: z.boolean().optional().describe("true: a new secret is generated and returned once"),
});

export type Webhook = {
  id: number;
  url: string;
  events: string[];
  active: boolean;
  description: string;
  owner: string;
  project: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
};

type Resolved = { orgId: number; projectId: number | null; owner: string; project: string | null };

async function resolveScope(db: DB, actor: Actor, scope: WebhookScope): Promise<Resolved> {
  if ("org" in scope) {
    const org = await requireOrg(db, actor, scope.org, "webhooks.manage");
    return { orgId: org.id, projectId: null, owner: org.name, project: null };
  }
  const a = await requireProject(db, actor, scope.owner, scope.project, "webhooks.manage");
  return { orgId: a.org.id, projectId: a.project.id, owner: a.org.name, project: a.project.name };
}

const scopeWhere = (s: Resolved) => (s.projectId === null ? and(eq(webhooks.orgId, s.orgId), isNull(webhooks.projectId)) : eq(webhooks.projectId, s.projectId));

const columns = {
  id: webhooks.id,
  url: webhooks.url,
  events: webhooks.events,
  active: webhooks.active,
  description: webhooks.description,
  createdBy: users.username,
  createdAt: webhooks.createdAt,
  updatedAt: webhooks.updatedAt,
};

async function checkUrl(url: string): Promise<string> {
  try {
    return (await vetWebhookUrl(url)).url.toString();
  } catch (err) {
    if (err instanceof SsrfError) throw InvalidError.field("url", err.message);
    throw err;
  }
}

async function loadHooks(db: DB, s: Resolved, id?: number): Promise<Webhook[]> {
  const rows = await db
    .select(columns)
    .from(webhooks)
    .leftJoin(users, eq(users.id, webhooks.createdById))
    .where(id === undefined ? scopeWhere(s) : and(scopeWhere(s), eq(webhooks.id, id)))
    .orderBy(desc(webhooks.createdAt), desc(webhooks.id))
    .limit(WEBHOOKS_PER_SCOPE);
  return rows.map((r) => ({ ...r, owner: s.owner, project: s.project }));
}

const hookId = (id: unknown): number => {
  const n = Number(id);
  if (!Number.isInteger(n) || n <= 0 || n > 2 ** 31 - 1) throw new NotFoundError("Webhook not found");
  return n;
};

async function oneHook(db: DB, s: Resolved, id: unknown): Promise<Webhook> {
  const [h] = await loadHooks(db, s, hookId(id));
  if (!h) throw new NotFoundError("Webhook not found");
  return h;
}

const activityBase = (s: Resolved, actor: Actor) => ({
  orgId: s.orgId,
  projectId: s.projectId,
  actorId: actor.kind === "user" ? actor.userId : null,
  target: s.project ? `${s.owner}/${s.project}` : s.owner,
});

export async function listWebhooks(db: DB, actor: Actor, scope: WebhookScope): Promise<Webhook[]> {
  return loadHooks(db, await resolveScope(db, actor, scope));
}

export async function getWebhook(db: DB, actor: Actor, scope: WebhookScope, id: unknown): Promise<Webhook> {
  return oneHook(db, await resolveScope(db, actor, scope), id);
}

/** Creates a hook; the plain secret is in the answer and nowhere else, ever. */
export async function createWebhook(db: DB, actor: Actor, scope: WebhookScope, input: unknown): Promise<{ webhook: Webhook; secret: string }> {
  const s = await resolveScope(db, actor, scope);
  const data = parse(createWebhookSchema, input);
  const url = await checkUrl(data.url);
  const secret = generateWebhookSecret();
  const id = await db.transaction(async (tx) => {
    const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(webhooks).where(scopeWhere(s));
    if (n >= WEBHOOKS_PER_SCOPE) throw InvalidError.field("url", `at most ${WEBHOOKS_PER_SCOPE} webhooks per ${s.project ? "model" : "organization"}`);
    const [row] = await tx
      .insert(webhooks)
      .values({
        orgId: s.orgId,
        projectId: s.projectId,
        url,
        events: data.events,
        active: data.active,
        description: data.description,
        secretEnc: encryptSecret(secret),
        createdById: actor.kind === "user" ? actor.userId : null,
      })
      .returning({ id: webhooks.id });
    await recordActivity(tx, { ...activityBase(s, actor), verb: "webhook.created", details: { webhook: row.id, url, events: data.events } });
    return row.id;
  });
  return { webhook: await oneHook(db, s, id), secret };
}

/** Changes a hook; `rotate_secret: true` replaces the secret and returns the new one (once). */
export async function updateWebhook(db: DB, actor: Actor, scope: WebhookScope, id: unknown, input: unknown): Promise<{ webhook: Webhook; secret?: string }> {
  const s = await resolveScope(db, actor, scope);
  const hook = await oneHook(db, s, id);
  const data = parse(updateWebhookSchema, input);
  const url = data.url === undefined ? undefined : await checkUrl(data.url);
  const secret = data.rotate_secret ? generateWebhookSecret() : undefined;
  const set = {
    ...(url === undefined ? {} : { url }),
    ...(data.events === undefined ? {} : { events: data.events }),
    ...(data.active === undefined ? {} : { active: data.active }),
    ...(data.description === undefined ? {} : { description: data.description }),
    ...(secret ? { secretEnc: encryptSecret(secret) } : {}),
  };
  await db.transaction(async (tx) => {
    await tx
      .update(webhooks)
      .set({ ...set, updatedAt: sql`now()` })
      .where(and(scopeWhere(s), eq(webhooks.id, hook.id)));
    const fields = Object.keys(set).map((k) => (k === "secretEnc" ? "secret" : k));
    await recordActivity(tx, { ...activityBase(s, actor), verb: "webhook.updated", details: { webhook: hook.id, url: url ?? hook.url, fields } });
  });
  return { webhook: await oneHook(db, s, hook.id), ...(secret ? { secret } : {}) };
}

export async function deleteWebhook(db: DB, actor: Actor, scope: WebhookScope, id: unknown): Promise<void> {
  const s = await resolveScope(db, actor, scope);
  const hook = await oneHook(db, s, id);
  await db.transaction(async (tx) => {
    await tx.delete(webhooks).where(and(scopeWhere(s), eq(webhooks.id, hook.id)));
    await recordActivity(tx, { ...activityBase(s, actor), verb: "webhook.deleted", details: { webhook: hook.id, url: hook.url } });
  });
}

/** Queues a `ping` delivery to the hook (whatever its events, active or not); returns the delivery id. */
export async function pingWebhook(db: DB, actor: Actor, scope: WebhookScope, id: unknown): Promise<{ delivery: string }> {
  const s = await resolveScope(db, actor, scope);
  const hook = await oneHook(db, s, id);
  const payload = {
    event: "ping",
    occurred_at: new Date().toISOString(),
    webhook: { id: hook.id, url: hook.url, events: hook.events },
    organization: { name: s.owner },
    model: s.project ? { owner: s.owner, name: s.project, full_name: `${s.owner}/${s.project}` } : null,
    actor: actor.kind === "user" ? { username: actor.username } : null,
  };
  const [row] = await db.insert(webhookDeliveries).values({ webhookId: hook.id, event: "ping", payload }).returning({ id: webhookDeliveries.id });
  return { delivery: row.id };
}

export type DeliveryAttempt = {
  attempt: number;
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  error: string;
  responseExcerpt: string;
  createdAt: Date;
};
export type Delivery = {
  id: string;
  event: string;
  status: "pending" | "succeeded" | "failed";
  attempts: number;
  statusCode: number | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
  payload: Record<string, unknown>;
  log: DeliveryAttempt[];
};

/** The hook's deliveries, newest first, each with its attempts (two queries). */
export async function listDeliveries(db: DB, actor: Actor, scope: WebhookScope, id: unknown, page: { limit: number; offset: number }) {
  const s = await resolveScope(db, actor, scope);
  const hook = await oneHook(db, s, id);
  const [{ count }] = await db.select({ count: sql<number>`count(*)::int` }).from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, hook.id));
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.webhookId, hook.id))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(page.limit)
    .offset(page.offset);
  const attempts = rows.length
    ? await db
        .select()
        .from(webhookAttempts)
        .where(
          inArray(
            webhookAttempts.deliveryId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(webhookAttempts.attempt)
    : [];
  const results: Delivery[] = rows.map((r) => ({
    id: r.id,
    event: r.event,
    status: r.status,
    attempts: r.attempts,
    statusCode: r.lastStatusCode,
    nextAttemptAt: r.status === "pending" ? r.nextAttemptAt : null,
    deliveredAt: r.deliveredAt,
    createdAt: r.createdAt,
    payload: r.payload,
    log: attempts
      .filter((a) => a.deliveryId === r.id)
      .map((a) => ({
        attempt: a.attempt,
        ok: a.ok,
        statusCode: a.statusCode,
        latencyMs: a.latencyMs,
        error: a.error,
        responseExcerpt: a.responseExcerpt,
        createdAt: a.createdAt,
      })),
  }));
  return { count, hook, results };
}

const uuidRe = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Sends a delivery again, under the same delivery id, with a fresh retry budget. */
export async function redeliver(db: DB, actor: Actor, scope: WebhookScope, id: unknown, delivery: string): Promise<{ delivery: string }> {
  const s = await resolveScope(db, actor, scope);
  const hook = await oneHook(db, s, id);
  if (!uuidRe.test(String(delivery))) throw new NotFoundError("Delivery not found");
  const where = and(eq(webhookDeliveries.id, delivery), eq(webhookDeliveries.webhookId, hook.id));
  const [row] = await db
    .update(webhookDeliveries)
    .set({ status: "pending", roundAttempts: 0, nextAttemptAt: sql`now()`, lockedUntil: null })
    // Not while a worker is sending it (its claim has not expired): that would send it twice at once.
    .where(and(where, sql`(${webhookDeliveries.lockedUntil} is null or ${webhookDeliveries.lockedUntil} < now())`))
    .returning({ id: webhookDeliveries.id });
  if (row) return { delivery: row.id };
  const [exists] = await db.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(where);
  if (!exists) throw new NotFoundError("Delivery not found");
  throw new ConflictError("This delivery is being sent right now; try again in a moment.");
}
