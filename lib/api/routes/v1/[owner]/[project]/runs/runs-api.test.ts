// The runs API through its route handlers, in-process on the test database: the permission matrix for
// read / log / update / promote over the access world (status codes), the list envelope, PQL errors as 400s,
// and a training script's journey (log with a token, PATCH metrics, promote).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { projects, projectSources } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { ACTOR_NAMES, EXPECTED_ROLE, PROJECT_NAMES, buildAccessWorld, type AccessWorld, type ActorName, type ProjectName } from "@/lib/testing/access-world";
import { callRoute, useDbForRoutes } from "@/lib/api/route-testing";
import { createRun } from "@/lib/registry/runs";
import { createToken } from "@/lib/registry/tokens";
import * as promoteRoute from "./[uuid]/promote/route";
import * as runRoute from "./[uuid]/route";
import * as listRoute from "./route";

let t: TestDb;
let w: AccessWorld;
const tokens: Partial<Record<ActorName, string>> = {};
const base: Record<string, string> = {};
beforeAll(async () => {
  t = await createTestDb();
  useDbForRoutes(t.db);
  w = await buildAccessWorld(t.db, "ra");
  for (const [name, user] of Object.entries(w.users)) tokens[name as ActorName] = (await createToken(t.db, user, { name: "runs api tests" })).token;
  for (const p of PROJECT_NAMES) base[p] = (await createRun(t.db, w.actors.owner, w.org, p, { name: "base", outputs: { accuracy: 0.5 } })).run.uuid;
});
afterAll(async () => t.close());

type ListBody = { count: number; count_capped: boolean; results: { name: string }[]; next: string | null; previous: string | null };
type ErrBody = { detail: string; error: { code: string; details: Record<string, string[]> } };
const as = (a: ActorName) => (a === "anonymous" ? undefined : tokens[a]);
const list = (p: string, qs = "", a: ActorName = "owner") =>
  callRoute(listRoute.GET, { path: `/api/v1/${w.org}/${p}/runs${qs}`, params: { owner: w.org, project: p }, token: as(a) });
const create = (p: string, body: unknown, a: ActorName = "owner") =>
  callRoute(listRoute.POST, { method: "POST", path: `/api/v1/${w.org}/${p}/runs`, params: { owner: w.org, project: p }, token: as(a), body });
const get = (p: string, uuid: string, a: ActorName = "owner") =>
  callRoute(runRoute.GET, { path: `/api/v1/${w.org}/${p}/runs/${uuid}`, params: { owner: w.org, project: p, uuid }, token: as(a) });
const patch = (p: string, uuid: string, body: unknown, a: ActorName = "owner") =>
  callRoute(runRoute.PATCH, { method: "PATCH", path: `/api/v1/${w.org}/${p}/runs/${uuid}`, params: { owner: w.org, project: p, uuid }, token: as(a), body });
const promote = (p: string, uuid: string, body: unknown, a: ActorName = "owner") =>
  callRoute(promoteRoute.POST, {
    method: "POST",
    path: `/api/v1/${w.org}/${p}/runs/${uuid}/promote`,
    params: { owner: w.org, project: p, uuid },
    token: as(a),
    body,
  });

describe("permission matrix through the API (status codes)", () => {
  const RANK = { viewer: 0, member: 1, admin: 2 } as const;
  const want = (a: ActorName, p: ProjectName, needs: keyof typeof RANK, ok: number) => {
    const role = EXPECTED_ROLE[a][p];
    return role === null ? 404 : RANK[role] >= RANK[needs] ? ok : a === "anonymous" ? 401 : 403;
  };
  const cases = ACTOR_NAMES.flatMap((a) => PROJECT_NAMES.map((p) => [a, p] as const));
  it.each(cases)("list: %s on %s", async (a, p) => expect((await list(p, "", a)).status).toBe(want(a, p, "viewer", 200)));
  it.each(cases)("get: %s on %s", async (a, p) => expect((await get(p, base[p], a)).status).toBe(want(a, p, "viewer", 200)));
  it.each(cases)("log: %s on %s", async (a, p) => expect((await create(p, { name: `by-${a}` }, a)).status).toBe(want(a, p, "member", 201)));
  it.each(cases)("patch: %s on %s", async (a, p) => expect((await patch(p, base[p], { tags: [a] }, a)).status).toBe(want(a, p, "member", 200)));
  it.each(cases)("promote into its own project: %s on %s", async (a, p) => {
    const res = await promote(p, base[p], { project: `${w.org}/${p}`, name: `from-${a}` }, a);
    expect(res.status, res.text).toBe(want(a, p, "member", 201));
  });
});

describe("a training script with a token", () => {
  it("logs a run, PATCHes metrics as it trains, reads it back and promotes it", async () => {
    const created = await create("private", { name: "bert-base", status: "running", inputs: { lr: 3e-5, batch_size: 32, epochs: 3 }, tags: ["nlp"] }, "member");
    expect(created.status).toBe(201);
    const run = created.json as { uuid: string };
    expect(run).toMatchObject({
      owner: w.org,
      project: "private",
      name: "bert-base",
      status: "running",
      outputs: {},
      is_promoted: false,
      created_by: "ra-member",
    });
    expect(run.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect((await patch("private", run.uuid, { outputs: { loss: 0.9 } }, "member")).status).toBe(200);
    const done = await patch(
      "private",
      run.uuid,
      { status: "succeeded", outputs: { accuracy: 0.91, f1: 0.88 }, artifacts: [{ name: "model", kind: "model", path: "s3://b/bert" }] },
      "member",
    );
    expect(done.json).toMatchObject({ status: "succeeded", outputs: { loss: 0.9, accuracy: 0.91, f1: 0.88 } });
    expect((await get("private", run.uuid, "viewer")).json).toMatchObject({
      uuid: run.uuid,
      artifacts: [{ name: "model", kind: "model", path: "s3://b/bert" }],
    });
    const v = await promote("private", run.uuid, { project: `${w.org}/private` }, "member");
    expect(v.status, v.text).toBe(201);
    expect(v.json).toMatchObject({
      kind: "model",
      run: run.uuid,
      artifacts: ["model"],
      meta_info: { metrics: { loss: 0.9, accuracy: 0.91, f1: 0.88 }, params: { lr: 3e-5, batch_size: 32, epochs: 3 } },
    });
    expect((await get("private", run.uuid)).json).toMatchObject({ is_promoted: true, meta_info: { is_promoted: true } });
  });
});

describe("lists", () => {
  beforeAll(async () => {
    for (const [i, acc] of [0.7, 0.9, 0.8].entries()) await create("public", { name: `env-${i}`, outputs: { accuracy: acc }, inputs: { lr: 10 ** -(i + 1) } });
  });

  it("answer Polyaxon's envelope with next/previous links carrying limit and offset", async () => {
    const res = await list("public", `?query=${encodeURIComponent("name:env-%")}&sort=-outputs.accuracy&limit=2`);
    expect(res.status).toBe(200);
    const body = res.json as ListBody;
    expect(body.count).toBe(3);
    expect(body.count_capped).toBe(false);
    expect(body.results.map((r) => r.name)).toEqual(["env-1", "env-2"]);
    expect(body.previous).toBeNull();
    const next = new URL(String(body.next));
    expect([next.searchParams.get("limit"), next.searchParams.get("offset"), next.searchParams.get("sort")]).toEqual(["2", "2", "-outputs.accuracy"]);
    const page2 = (await list("public", next.search)).json as ListBody;
    expect(page2.results.map((r) => r.name)).toEqual(["env-0"]);
    expect(page2.next).toBeNull();
    expect(page2.previous).not.toBeNull();
  });

  it("filter on params", async () => {
    const body = (await list("public", `?query=${encodeURIComponent("inputs.lr:<0.05, name:env-%")}&sort=name`)).json as ListBody;
    expect(body.results.map((r) => r.name)).toEqual(["env-1", "env-2"]);
  });

  it("a bad query, sort or page is a 400 naming the problem, never a 500", async () => {
    for (const [qs, field] of [
      [`?query=${encodeURIComponent("outputs.accuracy:>x")}`, "query"],
      [`?query=${encodeURIComponent("colour:red")}`, "query"],
      [`?query=${encodeURIComponent("status:done")}`, "query"],
      [`?query=${encodeURIComponent("uuid:nope")}`, "query"],
      [`?sort=${encodeURIComponent("-accuracy")}`, "sort"],
      ["?limit=0", "limit"],
      ["?offset=-1", "offset"],
    ]) {
      const res = await list("public", qs);
      expect(res.status, qs).toBe(400);
      const body = res.json as ErrBody;
      expect(body.error.code).toBe("invalid");
      expect(Object.keys(body.error.details), qs).toContain(field);
      expect(body.detail).toBeTruthy();
    }
  });
});

describe("bodies and lookups", () => {
  it("refuses a malformed or unknown body with 400 and the field", async () => {
    const bad = await callRoute(listRoute.POST, {
      method: "POST",
      path: `/api/v1/${w.org}/public/runs`,
      params: { owner: w.org, project: "public" },
      token: tokens.owner,
      body: "{not json",
    });
    expect(bad.status).toBe(400);
    const unknown = await create("public", { name: "x", metrics: { acc: 1 } });
    expect(unknown.status).toBe(400);
    const status = await create("public", { status: "finished" });
    expect(status.status).toBe(400);
    expect((status.json as ErrBody).error.details.status).toBeTruthy();
  });

  it("a malformed or unknown uuid is a 404", async () => {
    expect((await get("public", "not-a-uuid")).status).toBe(404);
    expect((await get("public", "00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await patch("public", "not-a-uuid", { name: "x" })).status).toBe(404);
    expect((await promote("public", "not-a-uuid", { project: `${w.org}/public` })).status).toBe(404);
  });

  it("promotion refusals: another model that does not accept the run (400), no project (400), a disabled feature (400)", async () => {
    const notSource = await promote("public", base.public, { project: `${w.org}/private` });
    expect(notSource.status).toBe(400);
    expect((notSource.json as ErrBody).error.details.project).toEqual(["the run is not accessible from this project"]);
    expect((await promote("public", base.public, {})).status).toBe(400);
    await t.db.insert(projectSources).values({ projectId: w.projectIds.private, sourceProjectId: w.projectIds.public });
    await t.db
      .update(projects)
      .set({ excludedFeatures: ["models"] })
      .where(eq(projects.id, w.projectIds.private));
    try {
      const disabled = await promote("public", base.public, { project: `${w.org}/private` });
      expect(disabled.status).toBe(400);
      expect((disabled.json as ErrBody).error.details.feature).toBeTruthy();
    } finally {
      await t.db.update(projects).set({ excludedFeatures: [] }).where(eq(projects.id, w.projectIds.private));
    }
    const ok = await promote("public", base.public, { project: `${w.org}/private`, name: "from-public" });
    expect(ok.status, ok.text).toBe(201);
  });
});
