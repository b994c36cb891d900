// The delivery worker: claims due outbox rows (FOR UPDATE SKIP LOCKED, then a lease, so several server
// processes on one PostgreSQL send each delivery once), signs and POSTs them to the vetted address,
// logs each attempt, retries with exponential backoff up to a bound, and prunes old deliveries.
import http from "node:http";
import https from "node:https";
import { and, count, eq, inArray, lt, ne, sql } from "drizzle-orm";
import type { DB } from "@/db";
import { webhookAttempts, webhookDeliveries, webhooks } from "@/db/schema";
import { SsrfError, pinnedLookup, vetWebhookUrl, type LookupAll } from "@/lib/net/ssrf";
import { decryptSecret, signatureHeader } from "@/lib/registry/webhook-secret";

const num = (v: string | undefined, d: number) => (v && Number.isFinite(Number(v)) && Number(v) >= 0 ? Number(v) : d);

export type WorkerOptions = {
  now?: Date;
  /** Deliveries claimed per round (sent concurrently). */
  batch?: number;
  timeoutMs?: number;
  maxAttempts?: number;
  backoffMs?: number;
  lookup?: LookupAll;
};

export function workerSettings(o: WorkerOptions = {}) {
  const env = process.env;
  return {
    batch: o.batch ?? num(env.MODELREG_WEBHOOK_BATCH, 20),
    timeoutMs: o.timeoutMs ?? num(env.MODELREG_WEBHOOK_TIMEOUT_MS, 10_000),
    maxAttempts: Math.max(1, o.maxAttempts ?? num(env.MODELREG_WEBHOOK_MAX_ATTEMPTS, 8)),
    backoffMs: o.backoffMs ?? num(env.MODELREG_WEBHOOK_BACKOFF_MS, 10_000),
  };
}

/** The response body kept per attempt, in bytes. */
export const EXCERPT_BYTES = 2048;

type Claimed = { id: string; webhook_id: number; event: string; payload: unknown; attempts: number; round_attempts: number };

/** Claims up to `batch` due deliveries: one statement, SKIP LOCKED, and a lease longer than one attempt. */
async function claim(db: DB, now: Date, batch: number, leaseMs: number): Promise<Claimed[]> {
  const until = new Date(now.getTime() + leaseMs);
  // `now` has milliseconds, next_attempt_at (set by the database's now()) microseconds: a delivery made due in
  // the same millisecond as `now` must count as due, so `now` stands for the end of its millisecond.
  const dueBy = sql`${now.toISOString()}::timestamptz + interval '999 microseconds'`;
  const res = await db.execute(sql`update ${webhookDeliveries} d
    set locked_until = ${until.toISOString()}::timestamptz, attempts = d.attempts + 1, round_attempts = d.round_attempts + 1
    where d.id in (select id from ${webhookDeliveries}
      where status = 'pending' and next_attempt_at <= ${dueBy}
        and (locked_until is null or locked_until <= ${now.toISOString()}::timestamptz)
      order by next_attempt_at limit ${batch} for update skip locked)
    returning d.id, d.webhook_id, d.event, d.payload, d.attempts, d.round_attempts`);
  return rowsOf<Claimed>(res);
}

// postgres.js answers an array, PGlite {rows}.
function rowsOf<T>(res: unknown): T[] {
  return (Array.isArray(res) ? res : (res as { rows: T[] }).rows) as T[];
}

export type AttemptResult = { ok: boolean; statusCode: number | null; latencyMs: number; error: string; excerpt: string };

/** One signed POST to the vetted address: no redirects followed, a timeout, a capped body read. */
export async function sendOnce(
  target: { url: string; secret: string },
  d: { id: string; event: string; body: string },
  o: { timeoutMs: number; lookup?: LookupAll; now?: Date },
): Promise<AttemptResult> {
  const started = Date.now();
  let vetted;
  try {
    vetted = await vetWebhookUrl(target.url, { lookup: o.lookup });
  } catch (err) {
    const error = err instanceof SsrfError ? err.message : String(err);
    return { ok: false, statusCode: null, latencyMs: Date.now() - started, error, excerpt: "" };
  }
  const ts = Math.floor((o.now ?? new Date()).getTime() / 1000);
  const headers = {
    "content-type": "application/json",
    "user-agent": "Modelreg-Webhooks/1",
    "x-modelreg-event": d.event,
    "x-modelreg-delivery": d.id,
    "x-modelreg-timestamp": String(ts),
    "x-modelreg-signature-256": signatureHeader(target.secret, ts, d.body),
    "content-length": String(Buffer.byteLength(d.body)),
  };
  const mod = vetted.url.protocol === "https:" ? https : http;
  return new Promise<AttemptResult>((resolve) => {
    let done = false;
    const finish = (r: Omit<AttemptResult, "latencyMs">) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ ...r, latencyMs: Date.now() - started });
    };
    const req = mod.request(vetted.url, { method: "POST", headers, lookup: pinnedLookup(vetted), agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const end = () => {
        const code = res.statusCode ?? 0;
        const excerpt = Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString("utf8");
        const ok = code >= 200 && code < 300;
        finish({ ok, statusCode: code, error: ok ? "" : code >= 300 && code < 400 ? "redirect not followed" : `HTTP ${code}`, excerpt });
        res.destroy();
      };
      res.on("data", (c: Buffer) => {
        if (size < EXCERPT_BYTES) chunks.push(c);
        size += c.length;
        if (size >= EXCERPT_BYTES) end();
      });
      res.on("end", end);
      res.on("error", end);
    });
    const timer = setTimeout(() => {
      finish({ ok: false, statusCode: null, error: `timed out after ${o.timeoutMs} ms`, excerpt: "" });
      req.destroy();
    }, o.timeoutMs);
    req.on("error", (err) => finish({ ok: false, statusCode: null, error: err.message || String(err), excerpt: "" }));
    req.end(d.body);
  });
}

/** Deliveries waiting to be sent or retried: the queue every instance shares (its partial index serves the count). */
export async function pendingDeliveryCount(db: DB): Promise<number> {
  const [r] = await db.select({ n: count() }).from(webhookDeliveries).where(eq(webhookDeliveries.status, "pending"));
  return Number(r?.n ?? 0);
}

export type RoundResult = { claimed: number; succeeded: number; retrying: number; failed: number };

/** One round: claim the due deliveries, send them, record the outcome. Returns what happened. */
export async function deliverDue(db: DB, opts: WorkerOptions = {}): Promise<RoundResult> {
  const s = workerSettings(opts);
  const now = opts.now ?? new Date();
  const claimed = await claim(db, now, s.batch, s.timeoutMs + 30_000);
  const out: RoundResult = { claimed: claimed.length, succeeded: 0, retrying: 0, failed: 0 };
  if (!claimed.length) return out;
  const hooks = await db
    .select({ id: webhooks.id, url: webhooks.url, secretEnc: webhooks.secretEnc })
    .from(webhooks)
    .where(inArray(webhooks.id, [...new Set(claimed.map((c) => c.webhook_id))]));
  const byId = new Map(hooks.map((h) => [h.id, h]));
  const results = await Promise.all(
    claimed.map(async (c) => {
      const hook = byId.get(c.webhook_id);
      if (!hook) return null; // deleted meanwhile: its deliveries went with it
      const payload = typeof c.payload === "string" ? JSON.parse(c.payload) : c.payload;
      let r: AttemptResult;
      try {
        r = await sendOnce(
          { url: hook.url, secret: decryptSecret(hook.secretEnc) },
          { id: c.id, event: c.event, body: JSON.stringify(payload) },
          {
            timeoutMs: s.timeoutMs,
            lookup: opts.lookup,
            now: opts.now,
          },
        );
      } catch (err) {
        r = { ok: false, statusCode: null, latencyMs: 0, error: String((err as Error)?.message ?? err), excerpt: "" };
      }
      const status = r.ok ? "succeeded" : c.round_attempts >= s.maxAttempts ? "failed" : "pending";
      const next = new Date(now.getTime() + s.backoffMs * 2 ** Math.min(c.round_attempts - 1, 20));
      if (status === "succeeded") out.succeeded++;
      else if (status === "failed") out.failed++;
      else out.retrying++;
      return { c, r, status, next };
    }),
  );
  const done = results.filter((x) => x !== null);
  if (!done.length) return out;
  // The round's outcomes in one transaction of two statements, whatever the batch size.
  await db.transaction(async (tx) => {
    // A hook deleted while its delivery was in flight took the delivery with it: record only the rest
    // (locked, so a concurrent delete waits for this transaction).
    const alive = new Set(
      (
        await tx
          .select({ id: webhookDeliveries.id })
          .from(webhookDeliveries)
          .where(
            inArray(
              webhookDeliveries.id,
              done.map((d) => d.c.id),
            ),
          )
          .for("update")
      ).map((r) => r.id),
    );
    const kept = done.filter((d) => alive.has(d.c.id));
    if (!kept.length) return;
    await tx.insert(webhookAttempts).values(
      kept.map(({ c, r }) => ({
        deliveryId: c.id,
        attempt: c.attempts,
        ok: r.ok,
        statusCode: r.statusCode,
        latencyMs: r.latencyMs,
        error: r.error.slice(0, 500),
        responseExcerpt: r.excerpt.replace(/\u0000/g, ""),
      })),
    );
    const rows = sql.join(
      kept.map(({ c, r, status, next }) => sql`(${c.id}::uuid, ${status}::webhook_delivery_status, ${r.statusCode}::int, ${next.toISOString()}::timestamptz)`),
      sql`, `,
    );
    await tx.execute(sql`update ${webhookDeliveries} d set status = v.status, last_status_code = v.code, locked_until = null,
        delivered_at = case when v.status = 'succeeded' then now() else d.delivered_at end,
        next_attempt_at = case when v.status = 'pending' then v.next else d.next_attempt_at end
      from (values ${rows}) as v(id, status, code, next) where d.id = v.id`);
  });
  return out;
}

/** Deletes finished deliveries (and their attempts) older than `days`. */
export async function pruneDeliveries(db: DB, opts: { days?: number; now?: Date } = {}): Promise<number> {
  const days = opts.days ?? num(process.env.MODELREG_WEBHOOK_RETENTION_DAYS, 30);
  const before = new Date((opts.now ?? new Date()).getTime() - days * 86_400_000);
  const gone = await db
    .delete(webhookDeliveries)
    .where(and(lt(webhookDeliveries.createdAt, before), ne(webhookDeliveries.status, "pending")))
    .returning({ id: webhookDeliveries.id });
  return gone.length;
}

const globalForWorker = globalThis as unknown as { __modelregWebhookWorker?: { stop: () => Promise<void> } };

/**
 * Starts the loop in this process (once): a round every MODELREG_WEBHOOK_POLL_MS (default 1000), at once
 * again while rounds are full, pruning once an hour. MODELREG_WEBHOOK_WORKER=0 turns it off.
 */
export function startWebhookWorker(db: DB, opts: { pollMs?: number } = {}): { stop: () => Promise<void> } {
  if (globalForWorker.__modelregWebhookWorker) return globalForWorker.__modelregWebhookWorker;
  const pollMs = opts.pollMs ?? num(process.env.MODELREG_WEBHOOK_POLL_MS, 1000);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let lastPrune = 0;
  const tick = () => {
    running = (async () => {
      let again = false;
      try {
        const r = await deliverDue(db);
        again = r.claimed >= workerSettings().batch;
        if (Date.now() - lastPrune > 3_600_000) {
          lastPrune = Date.now();
          await pruneDeliveries(db);
        }
      } catch (err) {
        console.error("webhook worker:", (err as Error)?.message ?? err);
      }
      if (!stopped) {
        timer = setTimeout(tick, again ? 0 : pollMs);
        timer.unref?.();
      }
    })();
  };
  timer = setTimeout(tick, pollMs);
  timer.unref?.();
  const handle = {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
      globalForWorker.__modelregWebhookWorker = undefined;
    },
  };
  globalForWorker.__modelregWebhookWorker = handle;
  return handle;
}
