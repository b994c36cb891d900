// Webhooks end to end on the database and real loopback receivers: management and permissions, the SSRF
// refusals, every event signed and delivered, retries, redelivery, restarts, rollback, org-hook visibility.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { projects, versions, webhookAttempts, webhookDeliveries, webhooks } from "@/db/schema";
import { createTestDb, onServer, type TestDb } from "@/db/testing/test-db";
import { openDatabase } from "@/db";
import { buildAccessWorld, type AccessWorld } from "@/lib/testing/access-world";
import { LocalBlobStore } from "@/lib/storage";
import { startReceiver, validSignature, type Receiver } from "@/lib/webhooks/receiver.testing";
import { deliverDue, pruneDeliveries } from "@/lib/webhooks/worker";
import { recordActivity } from "./activity";
import { decideAliasRequest, removeAlias, setAlias } from "./aliases";
import { approveStageRequest, rejectStageRequest, withdrawStageRequest } from "./approvals";
import { ForbiddenError, InvalidError, NotFoundError } from "./errors";
import { bodyOf } from "./files.testing";
import { deleteFile, uploadFile } from "./files";
import { createProject, deleteProject, updateProject } from "./projects";
import { promoteRun } from "./promote";
import { createRun } from "./runs";
import { changeStage } from "./stages";
import { copyVersion, transferVersion } from "./version-transfer";
import { deleteVersion, registerVersion, updateVersion } from "./versions";
import { createWebhook, deleteWebhook, getWebhook, listDeliveries, listWebhooks, pingWebhook, redeliver, updateWebhook } from "./webhooks";
import os from "node:os";
import path from "node:path";
import fs from "node:fs";

let t: TestDb;
let w: AccessWorld;
let rx: Receiver;
const fast = { backoffMs: 1000, timeoutMs: 3000 };
beforeAll(async () => {
  process.env.MODELREG_WEBHOOK_ALLOW = "127.0.0.0/8";
  t = await createTestDb();
  w = await buildAccessWorld(t.db, "wh");
  rx = await startReceiver();
}, 180_000); // the access world hashes passwords: slow on a loaded machine
afterAll(async () => {
  await rx.close();
  await t.close();
});
beforeEach(() => {
  rx.received.length = 0;
  rx.script.length = 0;
});

/** Runs rounds until nothing is due now (retries scheduled later stay). */
async function drain(now = new Date()) {
  for (let i = 0; i < 50; i++) if ((await deliverDue(t.db, { ...fast, now })).claimed === 0) return;
}

const hookOn = (project: string, input: Record<string, unknown> = {}, actor = w.actors.admin) =>
  createWebhook(t.db, actor, { owner: w.org, project }, { url: rx.url, events: ["*"], ...input });

describe("managing webhooks", () => {
  it("admins create, read, change, rotate and delete; the secret only in create and rotate answers", async () => {
    const { webhook, secret } = await hookOn("private", { description: "ci" });
    expect(secret).toMatch(/^whsec_/);
    expect(webhook).toMatchObject({ url: rx.url, events: ["*"], active: true, description: "ci", project: "private", createdBy: "wh-admin" });
    expect(JSON.stringify(await listWebhooks(t.db, w.actors.admin, { owner: w.org, project: "private" }))).not.toContain(secret);
    expect(JSON.stringify(await getWebhook(t.db, w.actors.owner, { owner: w.org, project: "private" }, webhook.id))).not.toContain("whsec_");
    const [stored] = await t.db.select().from(webhooks).where(eq(webhooks.id, webhook.id));
    expect(stored.secretEnc).not.toContain(secret.slice(6));
    const changed = await updateWebhook(t.db, w.actors.admin, { owner: w.org, project: "private" }, webhook.id, { events: ["version.created"], active: false });
    expect(changed.webhook).toMatchObject({ events: ["version.created"], active: false });
    expect(changed.secret).toBeUndefined();
    const rotated = await updateWebhook(t.db, w.actors.admin, { owner: w.org, project: "private" }, webhook.id, { rotate_secret: true });
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(secret);
    await deleteWebhook(t.db, w.actors.admin, { owner: w.org, project: "private" }, webhook.id);
    await expect(getWebhook(t.db, w.actors.admin, { owner: w.org, project: "private" }, webhook.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("members and viewers may not see or create a model's hooks; outsiders get 404; org hooks need org admin", async () => {
    const scope = { owner: w.org, project: "private" };
    for (const who of [w.actors.member, w.actors.viewer]) {
      await expect(listWebhooks(t.db, who, scope)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(createWebhook(t.db, who, scope, { url: rx.url })).rejects.toBeInstanceOf(ForbiddenError);
    }
    await expect(listWebhooks(t.db, w.actors.outsider, scope)).rejects.toBeInstanceOf(NotFoundError);
    await expect(listWebhooks(t.db, w.actors.member, { org: w.org })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createWebhook(t.db, w.actors.member, { org: w.org }, { url: rx.url })).rejects.toBeInstanceOf(ForbiddenError);
    const { webhook } = await createWebhook(t.db, w.actors.admin, { org: w.org }, { url: rx.url, events: ["model.created"] });
    expect(webhook.project).toBeNull();
    // a model's hook id is not reachable through another model or the org
    const own = await hookOn("private");
    await expect(getWebhook(t.db, w.actors.admin, { owner: w.org, project: "public" }, own.webhook.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getWebhook(t.db, w.actors.admin, { org: w.org }, own.webhook.id)).rejects.toBeInstanceOf(NotFoundError);
    await deleteWebhook(t.db, w.actors.admin, { org: w.org }, webhook.id);
    await deleteWebhook(t.db, w.actors.admin, scope, own.webhook.id);
  });

  it("refuses unknown events and bad fields, naming the field", async () => {
    const bad = await hookOn("private", { events: ["version.exploded"] }).catch((e) => e);
    expect(bad).toBeInstanceOf(InvalidError);
    expect(Object.keys(bad.fieldErrors)).toEqual(["events"]);
    await expect(hookOn("private", { events: [] })).rejects.toBeInstanceOf(InvalidError);
    await expect(hookOn("private", { active: "yes" })).rejects.toBeInstanceOf(InvalidError);
  });
});

const REFUSED = [
  "http://127.0.0.1/",
  "http://2130706433/",
  "http://0177.0.0.1/",
  "http://0x7f.1/",
  "http://127.1/",
  "http://127.0.0.1./",
  "http://[::1]/",
  "http://[::ffff:127.0.0.1]/",
  "http://0.0.0.0/",
  "http://[::]/",
  "http://10.0.0.1/",
  "http://172.16.5.4/",
  "http://192.168.0.10/",
  "http://100.64.1.1/",
  "http://169.254.169.254/latest/meta-data/",
  "http://[fd00:ec2::254]/",
  "http://169.254.10.10/",
  "http://[fe80::1]/",
  "http://[fc00::5]/",
  "http://224.0.0.251/",
  "http://[ff02::1]/",
  "http://localhost/",
  "http://localhost./",
  "ftp://example.com/",
  "file:///etc/passwd",
  "javascript:alert(1)",
];

describe("the SSRF guard on create and update", () => {
  it(`refuses ${REFUSED.length} targets with a 400 on url, connecting to none of them`, async () => {
    const saved = process.env.MODELREG_WEBHOOK_ALLOW;
    delete process.env.MODELREG_WEBHOOK_ALLOW;
    try {
      const before = rx.connections;
      for (const url of REFUSED) {
        const err = await hookOn("private", { url }).catch((e) => e);
        expect(err, url).toBeInstanceOf(InvalidError);
        expect(err.status).toBe(400);
        expect(Object.keys(err.fieldErrors), url).toEqual(["url"]);
      }
      // the receiver itself, on loopback, without the allowance
      await expect(hookOn("private", { url: rx.url })).rejects.toBeInstanceOf(InvalidError);
      expect(rx.connections).toBe(before);
      const count = await t.db.select({ n: sql<number>`count(*)::int` }).from(webhooks);
      expect(count[0].n).toBe(0);
    } finally {
      process.env.MODELREG_WEBHOOK_ALLOW = saved;
    }
  });

  it("refuses a refused target on update, and at delivery time when the allowance went away", async () => {
    const { webhook } = await hookOn("granted");
    const err = await updateWebhook(t.db, w.actors.admin, { owner: w.org, project: "granted" }, webhook.id, { url: "http://[::1]:9/" }).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidError);
    await pingWebhook(t.db, w.actors.admin, { owner: w.org, project: "granted" }, webhook.id);
    const saved = process.env.MODELREG_WEBHOOK_ALLOW;
    delete process.env.MODELREG_WEBHOOK_ALLOW;
    const before = rx.connections;
    try {
      await deliverDue(t.db, fast);
    } finally {
      process.env.MODELREG_WEBHOOK_ALLOW = saved;
    }
    expect(rx.connections).toBe(before);
    const log = await listDeliveries(t.db, w.actors.admin, { owner: w.org, project: "granted" }, webhook.id, { limit: 10, offset: 0 });
    expect(log.results[0].log[0]).toMatchObject({ ok: false, statusCode: null });
    expect(log.results[0].log[0].error).toMatch(/refused/);
    await deleteWebhook(t.db, w.actors.admin, { owner: w.org, project: "granted" }, webhook.id);
  });
});

describe("events", () => {
  it("every event type is delivered once, signed, with ids, names, the actor and before/after", async () => {
    const owner = w.actors.owner;
    const o = w.org;
    await createProject(t.db, owner, o, { name: "ev" });
    await createProject(t.db, owner, o, { name: "ev-target" });
    await createProject(t.db, owner, o, { name: "ev-train" });
    const scope = { owner: o, project: "ev" };
    const { secret } = await createWebhook(t.db, owner, scope, { url: rx.url, events: ["*"] });
    await t.db
      .update(projects)
      .set({ settings: { requireApproval: true } })
      .where(eq(projects.name, "ev"));
    const store = new LocalBlobStore(fs.mkdtempSync(path.join(os.tmpdir(), "wh-blobs-")));

    await updateProject(t.db, owner, o, "ev", { description: "now described" });
    await updateProject(t.db, owner, o, "ev", { is_public: true });
    await registerVersion(t.db, owner, o, "ev", "model", { name: "v1" });
    await updateVersion(t.db, owner, o, "ev", "model", "v1", { description: "d" });
    await uploadFile(t.db, owner, { owner: o, project: "ev", kind: "model", version: "v1", path: "a.txt", body: bodyOf(Buffer.from("hi")) }, store);
    await deleteFile(t.db, owner, { owner: o, project: "ev", kind: "model", version: "v1", path: "a.txt" }, store);
    await changeStage(t.db, owner, o, "ev", "model", "v1", { condition: { type: "staging", status: true } });
    await changeStage(t.db, w.actors.member, o, "ev", "model", "v1", { condition: { type: "production", status: true } });
    await rejectStageRequest(t.db, owner, o, "ev", "model", "v1", {});
    await changeStage(t.db, w.actors.member, o, "ev", "model", "v1", { condition: { type: "production", status: true } });
    await withdrawStageRequest(t.db, w.actors.member, o, "ev", "model", "v1", {});
    await changeStage(t.db, w.actors.member, o, "ev", "model", "v1", { condition: { type: "production", status: true } });
    await approveStageRequest(t.db, owner, o, "ev", "model", "v1", {});
    await copyVersion(t.db, owner, o, "ev", "model", "v1", { project: `${o}/ev`, name: "v1-copy" });
    await registerVersion(t.db, owner, o, "ev", "model", { name: "v2" });
    await transferVersion(t.db, owner, o, "ev", "model", "v2", { project: `${o}/ev-target` });
    await deleteVersion(t.db, owner, o, "ev", "model", "v1-copy");
    const run = (await createRun(t.db, owner, o, "ev", { name: "r" })).run;
    await promoteRun(t.db, owner, o, "ev", run.uuid, { project: `${o}/ev`, name: "v3" });
    await setAlias(t.db, owner, o, "ev", "candidate", { version: "v1" });
    await registerVersion(t.db, owner, o, "ev", "model", { name: "v4" });
    await setAlias(t.db, owner, o, "ev", "candidate", { version: "v4" });
    await removeAlias(t.db, owner, o, "ev", "candidate");
    // champion is protected and the model requires approval: the member's moves are requests.
    await setAlias(t.db, w.actors.member, o, "ev", "champion", { version: "v4" });
    await decideAliasRequest(t.db, owner, o, "ev", "champion", "reject");
    await setAlias(t.db, w.actors.member, o, "ev", "champion", { version: "v4" });
    await decideAliasRequest(t.db, w.actors.member, o, "ev", "champion", "withdraw");
    await setAlias(t.db, w.actors.member, o, "ev", "champion", { version: "v4" });
    await decideAliasRequest(t.db, owner, o, "ev", "champion", "approve");
    await drain();

    const byEvent = new Map<string, Record<string, unknown>[]>();
    for (const r of rx.received) {
      expect(validSignature(secret, r)).toBe(true);
      expect(r.headers["x-modelreg-event"]).toBe(r.json.event);
      expect(r.headers["x-modelreg-delivery"]).toMatch(/^[0-9a-f-]{36}$/);
      expect(Math.abs(Number(r.headers["x-modelreg-timestamp"]) - Date.now() / 1000)).toBeLessThan(120);
      expect(r.json.model).toMatchObject({ name: "ev", owner: o, full_name: `${o}/ev` });
      byEvent.set(String(r.json.event), [...(byEvent.get(String(r.json.event)) ?? []), r.json]);
    }
    const expected = [
      "model.updated",
      "model.visibility_changed",
      "version.created",
      "version.updated",
      "version.stage_changed",
      "version.stage_requested",
      "version.stage_rejected",
      "version.stage_withdrawn",
      "version.stage_approved",
      "files.added",
      "files.removed",
      "version.copied",
      "version.transferred",
      "version.deleted",
      "run.promoted",
      "version.alias_set",
      "version.alias_moved",
      "version.alias_removed",
      "version.alias_requested",
      "version.alias_rejected",
      "version.alias_withdrawn",
      "version.alias_approved",
    ];
    for (const e of expected) expect(byEvent.has(e), e).toBe(true);
    expect(new Set(rx.received.map((r) => r.headers["x-modelreg-delivery"])).size).toBe(rx.received.length);
    expect(byEvent.get("model.visibility_changed")![0]).toMatchObject({
      before: { is_public: false },
      after: { is_public: true },
      actor: { username: "wh-owner" },
    });
    const staged = byEvent.get("version.stage_changed")!.find((e) => (e.after as { stage: string }).stage === "staging");
    expect(staged).toMatchObject({ before: { stage: "testing" }, after: { stage: "staging" }, version: { name: "v1", kind: "model" } });
    expect(byEvent.get("version.stage_approved")![0]).toMatchObject({ after: { stage: "production" }, version: { stage: "production" } });
    expect(byEvent.get("version.stage_requested")![0]).toMatchObject({ actor: { username: "wh-member" }, after: { stage: "production" } });
    // updates carry the changed fields' values before and after
    expect(byEvent.get("model.updated")!.find((e) => (e.after as { description?: string } | null)?.description)).toMatchObject({
      before: { description: "" },
      after: { description: "now described" },
    });
    expect(byEvent.get("version.updated")![0]).toMatchObject({ before: { description: "" }, after: { description: "d" } });
    expect(byEvent.get("version.alias_moved")![0]).toMatchObject({
      before: { alias: "candidate", version: "v1" },
      after: { alias: "candidate", version: "v4" },
    });
    expect(byEvent.get("version.alias_approved")![0]).toMatchObject({ after: { alias: "champion", version: "v4" }, version: { name: "v4" } });
    expect(byEvent.get("version.alias_requested")![0]).toMatchObject({ actor: { username: "wh-member" } });
    expect(byEvent.get("files.added")![0]).toMatchObject({ after: { path: "a.txt", size: 2 } });
    expect(byEvent.get("version.transferred")![0]).toMatchObject({ before: { model: `${o}/ev` }, after: { model: `${o}/ev-target` } });
    const [v1] = await t.db.select({ uuid: versions.uuid }).from(versions).where(eq(versions.name, "v1"));
    const created = byEvent.get("version.created")!.map((e) => e.version as { name: string; uuid: string });
    expect(created.find((v) => v.name === "v1")?.uuid).toBe(v1.uuid);

    // model.created and model.deleted reach the organization's hooks
    rx.received.length = 0;
    const org = await createWebhook(t.db, owner, { org: o }, { url: rx.url, events: ["model.created", "model.deleted"] });
    await createProject(t.db, owner, o, { name: "ev-new" });
    await deleteProject(t.db, owner, o, "ev-new");
    await drain();
    expect(rx.received.map((r) => r.json.event).sort()).toEqual(["model.created", "model.deleted"]);
    expect(rx.received.every((r) => validSignature(org.secret, r))).toBe(true);
    await deleteWebhook(t.db, owner, { org: o }, org.webhook.id);
  });

  it("a hook gets only the events it subscribed to, and none while inactive", async () => {
    const scope = { owner: w.org, project: "public" };
    const { webhook } = await createWebhook(t.db, w.actors.owner, scope, { url: rx.url, events: ["version.stage_changed"] });
    await registerVersion(t.db, w.actors.owner, w.org, "public", "model", { name: "only-stage" });
    await changeStage(t.db, w.actors.owner, w.org, "public", "model", "only-stage", { condition: { type: "staging", status: true } });
    await updateWebhook(t.db, w.actors.owner, scope, webhook.id, { active: false });
    await changeStage(t.db, w.actors.owner, w.org, "public", "model", "only-stage", { condition: { type: "testing", status: true } });
    await drain();
    expect(rx.received.map((r) => r.json.event)).toEqual(["version.stage_changed"]);
    await deleteWebhook(t.db, w.actors.owner, scope, webhook.id);
  });

  it("a rolled-back change sends nothing; a committed one always does", async () => {
    const { webhook } = await hookOn("granted", { events: ["version.created"] });
    const [p] = await t.db.select().from(projects).where(eq(projects.id, w.projectIds.granted));
    await t.db
      .transaction(async (tx) => {
        await recordActivity(tx, {
          orgId: w.orgId,
          projectId: p.id,
          actorId: w.users.owner.userId,
          verb: "version.registered",
          target: "ghost",
          details: { kind: "model" },
        });
        throw new Error("rollback");
      })
      .catch(() => {});
    const [{ n }] = await t.db.select({ n: sql<number>`count(*)::int` }).from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, webhook.id));
    expect(n).toBe(0);
    await registerVersion(t.db, w.actors.owner, w.org, "granted", "model", { name: "real" });
    await drain();
    expect(rx.received.map((r) => r.json.version)).toMatchObject([{ name: "real" }]);
    await deleteWebhook(t.db, w.actors.admin, { owner: w.org, project: "granted" }, webhook.id);
  });

  it("org hooks never deliver events of models their creator cannot read", async () => {
    // `admin` may not read the team-restricted model; `owner` may
    const byAdmin = await createWebhook(t.db, w.actors.admin, { org: w.org }, { url: `${rx.url}?by=admin`, events: ["version.created"] });
    const byOwner = await createWebhook(t.db, w.actors.owner, { org: w.org }, { url: `${rx.url}?by=owner`, events: ["version.created"] });
    await registerVersion(t.db, w.actors.owner, w.org, "restricted", "model", { name: "secret-one" });
    await registerVersion(t.db, w.actors.owner, w.org, "private", "model", { name: "open-one" });
    await drain();
    const seen = rx.received
      .map(
        (r) =>
          `${r.headers["x-modelreg-delivery"] ? "" : "?"}${(r.json.model as { name: string }).name}:${validSignature(byAdmin.secret, r) ? "admin" : validSignature(byOwner.secret, r) ? "owner" : "?"}`,
      )
      .sort();
    expect(seen).toEqual(["private:admin", "private:owner", "restricted:owner"]);
    await deleteWebhook(t.db, w.actors.owner, { org: w.org }, byAdmin.webhook.id);
    await deleteWebhook(t.db, w.actors.owner, { org: w.org }, byOwner.webhook.id);
  });
});

describe("delivery", () => {
  it("a receiver failing twice then succeeding gets 3 attempts, with backoff, and one success in the log", async () => {
    const scope = { owner: w.org, project: "private" };
    const { webhook } = await hookOn("private");
    rx.script.push(500, 503);
    const { delivery } = await pingWebhook(t.db, w.actors.admin, scope, webhook.id);
    const t0 = Date.now();
    expect(await deliverDue(t.db, { ...fast, now: new Date(t0) })).toMatchObject({ claimed: 1, retrying: 1 });
    // not due again before the backoff
    expect((await deliverDue(t.db, { ...fast, now: new Date(t0 + 500) })).claimed).toBe(0);
    expect(await deliverDue(t.db, { ...fast, now: new Date(t0 + 1100) })).toMatchObject({ claimed: 1, retrying: 1 });
    expect((await deliverDue(t.db, { ...fast, now: new Date(t0 + 2500) })).claimed).toBe(0); // 2 s after the second
    expect(await deliverDue(t.db, { ...fast, now: new Date(t0 + 3200) })).toMatchObject({ claimed: 1, succeeded: 1 });
    const log = await listDeliveries(t.db, w.actors.admin, scope, webhook.id, { limit: 10, offset: 0 });
    const d = log.results.find((r) => r.id === delivery)!;
    expect(d).toMatchObject({ status: "succeeded", attempts: 3, statusCode: 200 });
    expect(d.log.map((a) => [a.attempt, a.ok, a.statusCode])).toEqual([
      [1, false, 500],
      [2, false, 503],
      [3, true, 200],
    ]);
    expect(d.log[0].responseExcerpt).toBe("nope 500");
    expect(rx.received.map((r) => r.headers["x-modelreg-delivery"])).toEqual([delivery, delivery, delivery]);

    // redelivery: the same id again
    rx.received.length = 0;
    await redeliver(t.db, w.actors.admin, scope, webhook.id, delivery);
    await drain();
    expect(rx.received.map((r) => r.headers["x-modelreg-delivery"])).toEqual([delivery]);
    const again = (await listDeliveries(t.db, w.actors.admin, scope, webhook.id, { limit: 10, offset: 0 })).results.find((r) => r.id === delivery)!;
    expect(again).toMatchObject({ status: "succeeded", attempts: 4 });
    await expect(redeliver(t.db, w.actors.member, scope, webhook.id, delivery)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(redeliver(t.db, w.actors.admin, scope, webhook.id, "00000000-0000-0000-0000-000000000000")).rejects.toBeInstanceOf(NotFoundError);
    await deleteWebhook(t.db, w.actors.admin, scope, webhook.id);
  });

  it("gives up after the bounded number of attempts", async () => {
    const scope = { owner: w.org, project: "private" };
    const { webhook } = await hookOn("private");
    rx.script.push(500, 500, 500);
    const { delivery } = await pingWebhook(t.db, w.actors.admin, scope, webhook.id);
    let now = Date.now();
    for (let i = 0; i < 3; i++) {
      await deliverDue(t.db, { ...fast, maxAttempts: 3, now: new Date(now) });
      now += 10_000;
    }
    const [d] = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, delivery));
    expect(d).toMatchObject({ status: "failed", attempts: 3 });
    expect((await deliverDue(t.db, { ...fast, now: new Date(now + 3_600_000) })).claimed).toBe(0);
    await deleteWebhook(t.db, w.actors.admin, scope, webhook.id);
  });

  it("a delivery claimed by a worker that died is sent once its claim expires; restarts lose nothing", async () => {
    const scope = { owner: w.org, project: "private" };
    const { webhook } = await hookOn("private");
    const { delivery } = await pingWebhook(t.db, w.actors.admin, scope, webhook.id);
    const lease = new Date(Date.now() + 60_000);
    await t.db.update(webhookDeliveries).set({ lockedUntil: lease, attempts: 1, roundAttempts: 1 }).where(eq(webhookDeliveries.id, delivery));
    expect((await deliverDue(t.db, fast)).claimed).toBe(0);
    expect(await deliverDue(t.db, { ...fast, now: new Date(lease.getTime() + 1000) })).toMatchObject({ succeeded: 1 });
    expect(rx.received).toHaveLength(1);
    await deleteWebhook(t.db, w.actors.admin, scope, webhook.id);
  });

  it("follows no redirects, times out, and caps the excerpt", async () => {
    const http = await import("node:http");
    const server = http.createServer((req, res) => {
      if (req.url === "/redirect") res.writeHead(302, { location: rx.url }).end();
      else if (req.url === "/slow") setTimeout(() => res.end("late"), 2000);
      else res.end("x".repeat(100_000));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const scope = { owner: w.org, project: "private" };
    try {
      const ids: Record<string, { hook: number; delivery: string }> = {};
      for (const p of ["redirect", "slow", "big"]) {
        const { webhook } = await hookOn("private", { url: `${base}/${p}` });
        ids[p] = { hook: webhook.id, delivery: (await pingWebhook(t.db, w.actors.admin, scope, webhook.id)).delivery };
      }
      await deliverDue(t.db, { ...fast, timeoutMs: 300 });
      const attempt = async (p: string) => (await listDeliveries(t.db, w.actors.admin, scope, ids[p].hook, { limit: 1, offset: 0 })).results[0].log[0];
      expect(await attempt("redirect")).toMatchObject({ ok: false, statusCode: 302, error: "redirect not followed" });
      expect(rx.received).toHaveLength(0);
      expect(await attempt("slow")).toMatchObject({ ok: false, statusCode: null, error: "timed out after 300 ms" });
      const big = await attempt("big");
      expect(big.ok).toBe(true);
      expect(big.responseExcerpt.length).toBe(2048);
      for (const p of Object.values(ids)) await deleteWebhook(t.db, w.actors.admin, scope, p.hook);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it("a hook deleted while its delivery is in flight does not lose the round's other outcomes", async () => {
    const http = await import("node:http");
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const server = http.createServer((_req, res) => void held.then(() => res.end("late ok")));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const scope = { owner: w.org, project: "private" };
    try {
      const slow = await hookOn("private", { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` });
      const fastHook = await hookOn("private");
      await pingWebhook(t.db, w.actors.admin, scope, slow.webhook.id);
      const { delivery } = await pingWebhook(t.db, w.actors.admin, scope, fastHook.webhook.id);
      const round = deliverDue(t.db, fast);
      await expect.poll(() => rx.received.length).toBe(1);
      await deleteWebhook(t.db, w.actors.admin, scope, slow.webhook.id);
      release();
      expect(await round).toMatchObject({ claimed: 2 });
      const [d] = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, delivery));
      expect(d).toMatchObject({ status: "succeeded", lockedUntil: null });
      await deleteWebhook(t.db, w.actors.admin, scope, fastHook.webhook.id);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it("prunes finished deliveries older than the retention", async () => {
    const scope = { owner: w.org, project: "private" };
    const { webhook } = await hookOn("private");
    const { delivery } = await pingWebhook(t.db, w.actors.admin, scope, webhook.id);
    await drain();
    const pending = await pingWebhook(t.db, w.actors.admin, scope, webhook.id);
    await t.db
      .update(webhookDeliveries)
      .set({ createdAt: new Date(Date.now() - 40 * 86_400_000) })
      .where(eq(webhookDeliveries.webhookId, webhook.id));
    expect(await pruneDeliveries(t.db, { days: 30 })).toBe(1);
    const left = await t.db.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, webhook.id));
    expect(left.map((l) => l.id)).toEqual([pending.delivery]);
    expect(await t.db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, delivery))).toHaveLength(0);
    await deleteWebhook(t.db, w.actors.admin, scope, webhook.id);
  });
});

describe.runIf(onServer())("two server processes on one PostgreSQL", () => {
  it("deliver each of 200 events exactly once", async () => {
    const a = await openDatabase({ url: t.url });
    const b = await openDatabase({ url: t.url });
    try {
      await createProject(t.db, w.actors.owner, w.org, { name: "twice" });
      const { webhook } = await createWebhook(t.db, w.actors.owner, { owner: w.org, project: "twice" }, { url: rx.url, events: ["version.created"] });
      for (let i = 0; i < 200; i++) await registerVersion(t.db, w.actors.owner, w.org, "twice", "model", { name: `v${i}` });
      const run = async (db: typeof a.db) => {
        let total = 0;
        for (;;) {
          const r = await deliverDue(db, { ...fast, batch: 7 });
          total += r.claimed;
          if (r.claimed === 0) return total;
        }
      };
      const [na, nb] = await Promise.all([run(a.db), run(b.db)]);
      expect(na + nb).toBe(200);
      expect(na).toBeGreaterThan(0);
      expect(nb).toBeGreaterThan(0);
      expect(rx.received).toHaveLength(200);
      expect(new Set(rx.received.map((r) => r.headers["x-modelreg-delivery"])).size).toBe(200);
      expect(new Set(rx.received.map((r) => (r.json.version as { name: string }).name)).size).toBe(200);
      await deleteWebhook(t.db, w.actors.owner, { owner: w.org, project: "twice" }, webhook.id);
    } finally {
      await a.close();
      await b.close();
    }
  }, 120_000);

  it("a server stopped between commit and delivery delivers after restart", async () => {
    const first = await openDatabase({ url: t.url });
    const { webhook } = await createWebhook(first.db, w.actors.owner, { owner: w.org, project: "private" }, { url: rx.url, events: ["version.created"] });
    await registerVersion(first.db, w.actors.owner, w.org, "private", "model", { name: "before-restart" });
    await first.close(); // stopped: nothing was delivered
    expect(rx.received).toHaveLength(0);
    const second = await openDatabase({ url: t.url });
    try {
      expect(await deliverDue(second.db, fast)).toMatchObject({ succeeded: 1 });
      expect(rx.received.map((r) => (r.json.version as { name: string }).name)).toEqual(["before-restart"]);
      await deleteWebhook(second.db, w.actors.owner, { owner: w.org, project: "private" }, webhook.id);
    } finally {
      await second.close();
    }
  });
});
