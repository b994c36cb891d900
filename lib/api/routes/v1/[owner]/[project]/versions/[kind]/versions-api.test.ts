// The versions REST API through its route handlers, in-process, on the test database: Polyaxon's bodies and
// shapes (the stage object exactly), the list envelope with its capped count, errors as JSON, never a 500.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { buildAccessWorld, type AccessWorld, type ActorName } from "@/lib/testing/access-world";
import type { DB } from "@/db";
import { createToken } from "@/lib/registry/tokens";
import * as listRoute from "./route";
import * as versionRoute from "./[name]/route";
import * as stagesRoute from "./[name]/stages/route";
import * as transferRoute from "./[name]/transfer/route";
import * as copyRoute from "./[name]/copy/route";

let t: TestDb;
let w: AccessWorld;
const tokens: Partial<Record<ActorName, string>> = {};

beforeAll(async () => {
  t = await createTestDb();
  // Route handlers use the process database: point it at this test's.
  (globalThis as unknown as { __modelregDb?: Promise<{ db: DB; close: () => Promise<void> }> }).__modelregDb = Promise.resolve({
    db: t.db,
    close: async () => {},
  });
  w = await buildAccessWorld(t.db, "va");
  for (const [name, user] of Object.entries(w.users)) tokens[name as ActorName] = (await createToken(t.db, user, { name: "api tests" })).token;
});
afterAll(async () => t.close());

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Call = { as?: ActorName; body?: unknown; raw?: string; query?: Record<string, string> };

async function call(route: Record<string, unknown>, method: string, params: Record<string, string>, opts: Call = {}) {
  const headers: Record<string, string> = { accept: "application/json", "user-agent": "OpenAPI-Generator/2.16.4/python" };
  if (opts.as && opts.as !== "anonymous") headers.authorization = `Token ${tokens[opts.as]}`;
  const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  if (body) headers["content-type"] = "application/json";
  const url = new URL(`http://localhost/api/v1/${params.owner}/${params.project}/versions/${params.kind}${params.name ? `/${params.name}` : ""}`);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const res = await (route[method] as Handler)(new Request(url, { method, headers, body }), { params: Promise.resolve(params) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

const at = (project: string, name?: string) => ({ owner: w.org, project, kind: "model", ...(name ? { name } : {}) });

describe("register, read, update, delete", () => {
  it("POST with Polyaxon's body registers (201) and answers Polyaxon's version", async () => {
    const content = JSON.stringify({ framework: "pytorch" });
    const r = await call(listRoute, "POST", at("private"), {
      as: "member",
      body: { name: "v1", description: "first", tags: ["a"], connection: null, run: null, artifacts: [], kind: "model", content },
    });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ name: "v1", kind: "model", content, stage: "testing", owner: w.org, project: "private", run: null, role: "member" });
    expect(r.json.stage_conditions).toHaveLength(1);
    const again = await call(listRoute, "POST", at("private"), { as: "member", body: { name: "v1" } });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("conflict");
    const auto = await call(listRoute, "POST", at("private"), { as: "member", body: {} });
    expect(auto.json.name).toBe("v2");
  });

  it("refuses: signed out on a private model 404, on a public one 401, viewer 403, bad JSON 400, unknown kind 404", async () => {
    expect((await call(listRoute, "POST", at("private"), { body: {} })).status).toBe(404);
    const anon = await call(listRoute, "POST", at("public"), { body: {} });
    expect(anon.status).toBe(401);
    expect(anon.json.error.code).toBe("unauthorized");
    expect((await call(listRoute, "POST", at("private"), { as: "viewer", body: {} })).status).toBe(403);
    const bad = await call(listRoute, "POST", at("private"), { as: "member", raw: "{nope" });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details).toHaveProperty("body");
    expect((await call(listRoute, "GET", { ...at("private"), kind: "component" }, { as: "member" })).status).toBe(404);
  });

  it("GET, PATCH and DELETE one version", async () => {
    await call(listRoute, "POST", at("granted"), { as: "owner", body: { name: "one" } });
    const g = await call(versionRoute, "GET", at("granted", "one"), { as: "outsiderGranted" });
    expect(g.status).toBe(200);
    expect(g.json).toMatchObject({ name: "one", role: "member" });
    const p = await call(versionRoute, "PATCH", at("granted", "one"), { as: "outsiderGranted", body: { description: "first, described", tags: ["a", "b"] } });
    expect(p.json).toMatchObject({ description: "first, described", tags: ["a", "b"] });
    expect((await call(versionRoute, "DELETE", at("granted", "one"), { as: "outsiderGranted" })).status).toBe(403);
    expect((await call(versionRoute, "DELETE", at("granted", "one"), { as: "admin" })).status).toBe(204);
    expect((await call(versionRoute, "GET", at("granted", "one"), { as: "admin" })).status).toBe(404);
  });
});

describe("lists", () => {
  beforeAll(async () => {
    for (let i = 0; i < 5; i++) await call(listRoute, "POST", at("public"), { as: "owner", body: { meta_info: { metrics: { auc: 0.9 + i / 100 } } } });
  });

  it("answer the envelope with next/previous links and an honest count; public models read signed out", async () => {
    const r = await call(listRoute, "GET", at("public"), { query: { limit: "2", offset: "2", sort: "-meta.metrics.auc" } });
    expect(r.status).toBe(200);
    expect(Object.keys(r.json).sort()).toEqual(["count", "count_capped", "next", "previous", "results"]);
    expect(r.json).toMatchObject({ count: 5, count_capped: false });
    expect(r.json.results.map((v: { name: string }) => v.name)).toEqual(["v3", "v2"]);
    expect(new URL(r.json.next).searchParams.get("offset")).toBe("4");
    expect(new URL(r.json.previous).searchParams.get("offset")).toBe("0");
  });

  it("a bad query, sort or limit is a 400 naming the problem", async () => {
    const q = await call(listRoute, "GET", at("public"), { query: { query: "stage:prod" } });
    expect(q.status).toBe(400);
    expect(q.json.error.code).toBe("invalid");
    expect(q.json.error.details.query[0]).toMatch(/position 6/);
    expect(typeof q.json.detail).toBe("string");
    expect((await call(listRoute, "GET", at("public"), { query: { sort: "nope" } })).status).toBe(400);
    expect((await call(listRoute, "GET", at("public"), { query: { limit: "0" } })).status).toBe(400);
  });
});

describe("stages", () => {
  it("POST and GET answer exactly {uuid, stage, stage_conditions}", async () => {
    await call(listRoute, "POST", at("private"), { as: "owner", body: { name: "staged" } });
    const now = new Date().toISOString();
    const p = await call(stagesRoute, "POST", at("private", "staged"), {
      as: "member",
      body: { condition: { type: "staging", status: true, reason: "CliStageUpdate", message: "ready", last_update_time: now, last_transition_time: now } },
    });
    expect(p.status).toBe(200);
    expect(Object.keys(p.json).sort()).toEqual(["stage", "stage_conditions", "uuid"]);
    for (const c of p.json.stage_conditions) {
      expect(Object.keys(c).sort()).toEqual(["last_transition_time", "last_update_time", "message", "meta_info", "reason", "status", "type"]);
    }
    expect(p.json.stage_conditions.at(-1).meta_info.user).toBe("va-member");
    const prod = await call(stagesRoute, "POST", at("private", "staged"), { as: "member", body: { condition: { type: "production", status: "True" } } });
    expect(prod.status).toBe(403);
    expect(
      (await call(stagesRoute, "POST", at("private", "staged"), { as: "admin", body: { condition: { type: "production", status: "True" } } })).json.stage,
    ).toBe("production");
    const g = await call(stagesRoute, "GET", at("private", "staged"), { as: "viewer" });
    expect(g.json.stage_conditions.map((c: { type: string }) => c.type)).toEqual(["testing", "staging", "production"]);
  });
});

describe("transfer and copy", () => {
  it("transfer takes a bare name in the same owner; copy answers the new version", async () => {
    await call(listRoute, "POST", at("private"), { as: "owner", body: { name: "traveller" } });
    const tr = await call(transferRoute, "POST", at("private", "traveller"), { as: "owner", body: { project: "granted" } });
    expect(tr.status).toBe(200);
    expect(tr.json).toMatchObject({ name: "traveller", project: "granted" });
    const cp = await call(copyRoute, "POST", at("granted", "traveller"), { as: "owner", body: { project: `${w.org}/public`, name: "twin" } });
    expect(cp.status).toBe(201);
    expect(cp.json).toMatchObject({ name: "twin", project: "public", stage: "testing", copied_from: `${w.org}/granted:traveller` });
    const clash = await call(copyRoute, "POST", at("granted", "traveller"), { as: "owner", body: { project: "public", name: "twin" } });
    expect(clash.status).toBe(409);
    expect((await call(transferRoute, "POST", at("granted", "traveller"), { as: "member", body: { project: "public" } })).status).toBe(403);
  });
});

describe("a version in a protected stage is read-only but for its stage", () => {
  it("PATCH: member 403 for anything; admin 409 for contents, 200 for documentation; a forced POST is refused", async () => {
    await call(listRoute, "POST", at("private"), { as: "owner", body: { name: "frozen", meta_info: { metrics: { auc: 0.9 } } } });
    expect((await call(stagesRoute, "POST", at("private", "frozen"), { as: "owner", body: { condition: { type: "production" } } })).status).toBe(200);
    const member = await call(versionRoute, "PATCH", at("private", "frozen"), { as: "member", body: { description: "mine now" } });
    expect(member.status).toBe(403);
    expect(member.json.error.code).toBe("forbidden");
    const meta = await call(versionRoute, "PATCH", at("private", "frozen"), { as: "admin", body: { meta_info: { metrics: { auc: 0.1 } } } });
    expect(meta.status).toBe(409);
    expect(meta.json.error.message).toMatch(/protected stage 'production'.*move it out first/);
    const forced = await call(listRoute, "POST", at("private"), { as: "admin", body: { name: "frozen", content: "{}", force: true } });
    expect(forced.status).toBe(409);
    expect((await call(listRoute, "POST", at("private"), { as: "member", body: { name: "frozen", force: true } })).status).toBe(403);
    const docs = await call(versionRoute, "PATCH", at("private", "frozen"), {
      as: "admin",
      body: { description: "documented", tags: ["gold"], readme: "# Card" },
    });
    expect(docs.status).toBe(200);
    expect(docs.json).toMatchObject({ description: "documented", tags: ["gold"], readme: "# Card", meta_info: { metrics: { auc: 0.9 } }, stage: "production" });
  });
});
