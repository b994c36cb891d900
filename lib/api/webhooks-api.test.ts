// The webhook routes in-process: the secret once, 403 for members, 400 naming url for refused targets,
// ping + deliveries + redeliver with the same id, and the org scope.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import SwaggerParser from "@apidevtools/swagger-parser";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { buildAccessWorld, type AccessWorld } from "@/lib/testing/access-world";
import { buildOpenApiDocument } from "@/lib/api/openapi/builder";
import { registerWebhooksApi } from "@/lib/api/openapi/webhooks";
import { callRoute, useDbForRoutes } from "@/lib/api/route-testing";
import { createToken } from "@/lib/registry/tokens";
import { startReceiver, validSignature, type Receiver } from "@/lib/webhooks/receiver.testing";
import { deliverDue } from "@/lib/webhooks/worker";
import * as collection from "@/lib/api/routes/v1/[owner]/[project]/webhooks/route";
import * as one from "@/lib/api/routes/v1/[owner]/[project]/webhooks/[id]/route";
import * as ping from "@/lib/api/routes/v1/[owner]/[project]/webhooks/[id]/ping/route";
import * as deliveries from "@/lib/api/routes/v1/[owner]/[project]/webhooks/[id]/deliveries/route";
import * as redeliver from "@/lib/api/routes/v1/[owner]/[project]/webhooks/[id]/deliveries/[delivery]/redeliver/route";
import * as orgCollection from "@/lib/api/routes/v1/orgs/[org]/webhooks/route";

let t: TestDb;
let w: AccessWorld;
let rx: Receiver;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  process.env.MODELREG_WEBHOOK_ALLOW = "127.0.0.0/8";
  t = await createTestDb();
  useDbForRoutes(t.db);
  w = await buildAccessWorld(t.db, "wa");
  for (const n of ["admin", "member", "owner"] as const) tokens[n] = (await createToken(t.db, w.users[n], { name: "t" })).token;
  rx = await startReceiver();
}, 180_000); // the access world hashes passwords: slow on a loaded machine
afterAll(async () => {
  await rx.close();
  await t.close();
});

describe("the webhooks API", () => {
  it("creates (secret once), lists without it, pings, logs, redelivers with the same id", async () => {
    const params = { owner: w.org, project: "private" };
    const path = `/api/v1/${w.org}/private/webhooks`;
    const created = await callRoute(collection.POST, { method: "POST", path, params, token: tokens.admin, body: { url: rx.url, events: ["*"] } });
    expect(created.status).toBe(201);
    const hook = created.json as { id: number; secret: string };
    expect(hook.secret).toMatch(/^whsec_/);
    const list = await callRoute(collection.GET, { path, params, token: tokens.admin });
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(hook.secret);
    expect(list.text).not.toContain("secret");
    const got = await callRoute(one.GET, { path: `${path}/${hook.id}`, params: { ...params, id: String(hook.id) }, token: tokens.admin });
    expect(got.text).not.toContain("secret");

    const p = await callRoute(ping.POST, { method: "POST", path: `${path}/${hook.id}/ping`, params: { ...params, id: String(hook.id) }, token: tokens.admin });
    expect(p.status).toBe(202);
    const { delivery } = p.json as { delivery: string };
    await deliverDue(t.db);
    expect(rx.received.map((r) => r.headers["x-modelreg-delivery"])).toEqual([delivery]);
    expect(validSignature(hook.secret, rx.received[0])).toBe(true);
    const log = await callRoute(deliveries.GET, { path: `${path}/${hook.id}/deliveries`, params: { ...params, id: String(hook.id) }, token: tokens.admin });
    expect(log.json).toMatchObject({
      count: 1,
      results: [{ id: delivery, event: "ping", status: "succeeded", status_code: 200, log: [{ attempt: 1, ok: true, status_code: 200 }] }],
    });
    expect(log.text).not.toContain(hook.secret);
    const again = await callRoute(redeliver.POST, {
      method: "POST",
      path: `${path}/${hook.id}/deliveries/${delivery}/redeliver`,
      params: { ...params, id: String(hook.id), delivery },
      token: tokens.admin,
    });
    expect(again.status).toBe(202);
    await deliverDue(t.db);
    expect(rx.received.map((r) => r.headers["x-modelreg-delivery"])).toEqual([delivery, delivery]);

    const rotated = await callRoute(one.PATCH, {
      method: "PATCH",
      path: `${path}/${hook.id}`,
      params: { ...params, id: String(hook.id) },
      token: tokens.admin,
      body: { rotate_secret: true },
    });
    expect((rotated.json as { secret: string }).secret).toMatch(/^whsec_/);
    const patched = await callRoute(one.PATCH, {
      method: "PATCH",
      path: `${path}/${hook.id}`,
      params: { ...params, id: String(hook.id) },
      token: tokens.admin,
      body: { active: false },
    });
    expect(patched.text).not.toContain("secret");
    const del = await callRoute(one.DELETE, { method: "DELETE", path: `${path}/${hook.id}`, params: { ...params, id: String(hook.id) }, token: tokens.admin });
    expect(del.status).toBe(204);
  });

  it("members get 403, signed-out callers 401 (404 on a private model), refused URLs 400 naming url", async () => {
    const params = { owner: w.org, project: "private" };
    const path = `/api/v1/${w.org}/private/webhooks`;
    expect((await callRoute(collection.GET, { path, params, token: tokens.member })).status).toBe(403);
    expect((await callRoute(collection.POST, { method: "POST", path, params, token: tokens.member, body: { url: rx.url } })).status).toBe(403);
    expect((await callRoute(collection.GET, { path, params })).status).toBe(404); // private: invisible
    expect((await callRoute(collection.GET, { path: `/api/v1/${w.org}/public/webhooks`, params: { owner: w.org, project: "public" } })).status).toBe(401);
    const bad = await callRoute(collection.POST, { method: "POST", path, params, token: tokens.admin, body: { url: "http://169.254.169.254/" } });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: { code: "invalid", details: { url: [expect.stringMatching(/metadata/)] } } });
    const orgPath = `/api/v1/orgs/${w.org}/webhooks`;
    expect((await callRoute(orgCollection.GET, { path: orgPath, params: { org: w.org }, token: tokens.member })).status).toBe(403);
    const orgHook = await callRoute(orgCollection.POST, { method: "POST", path: orgPath, params: { org: w.org }, token: tokens.admin, body: { url: rx.url } });
    expect(orgHook.status).toBe(201);
    expect(orgHook.json).toMatchObject({ project: null, owner: w.org, events: ["*"] });
  });

  it("documents both scopes and validates as OpenAPI 3.1", async () => {
    const doc = buildOpenApiDocument([registerWebhooksApi]);
    for (const base of ["/api/v1/{owner}/{project}/webhooks", "/api/v1/orgs/{org}/webhooks"]) {
      expect(Object.keys(doc.paths?.[base] ?? {}).sort()).toEqual(["get", "post"]);
      expect(Object.keys(doc.paths?.[`${base}/{id}`] ?? {}).sort()).toEqual(["delete", "get", "patch"]);
      expect(Object.keys(doc.paths?.[`${base}/{id}/deliveries/{delivery}/redeliver`] ?? {})).toEqual(["post"]);
    }
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });
});
