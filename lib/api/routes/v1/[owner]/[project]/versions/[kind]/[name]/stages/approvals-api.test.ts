// The approval workflow through the REST API, in-process on the test database: a member's protected move
// on a model that requires approval answers 202 with Polyaxon's exact stage object (its last condition
// Pending); approve / reject / withdraw answer the stage object; every refusal is the house error body.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { projects } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { buildAccessWorld, type AccessWorld, type ActorName } from "@/lib/testing/access-world";
import { callRoute, useDbForRoutes } from "@/lib/api/route-testing";
import { registerVersion } from "@/lib/registry/versions";
import { createToken } from "@/lib/registry/tokens";
import * as stagesRoute from "./route";
import * as approveRoute from "./approve/route";
import * as rejectRoute from "./reject/route";
import * as withdrawRoute from "./withdraw/route";

let t: TestDb;
let w: AccessWorld;
const tokens: Partial<Record<ActorName, string>> = {};

beforeAll(async () => {
  t = await createTestDb();
  useDbForRoutes(t.db);
  w = await buildAccessWorld(t.db, "aa");
  for (const a of ["owner", "admin", "member", "teamAdmin", "viewer", "outsider"] as const) {
    tokens[a] = (await createToken(t.db, w.users[a], { name: "approvals api" })).token;
  }
  for (const p of ["private", "public"] as const) {
    await t.db
      .update(projects)
      .set({ settings: { requireApproval: true } })
      .where(eq(projects.id, w.projectIds[p]));
  }
});
afterAll(async () => t.close());

type VersionParams = { owner: string; project: string; kind: string; name: string };
type Route = { POST: (req: Request, ctx: { params: Promise<VersionParams> }) => Promise<Response> };
const post = (route: Route, name: string, as: ActorName, body: unknown = {}, project = "private") =>
  callRoute(route.POST, {
    method: "POST",
    path: `/api/v1/${w.org}/${project}/versions/model/${name}/stages`,
    params: { owner: w.org, project, kind: "model", name },
    token: as === "anonymous" ? undefined : tokens[as],
    body,
  });
const reg = (name: string, project = "private") => registerVersion(t.db, w.actors.owner, w.org, project, "model", { name });
const ask = (name: string, as: ActorName = "member", type = "production", project = "private") =>
  post(stagesRoute, name, as, { condition: { type, status: true, reason: "Offline eval passed", message: "auc 0.99" } }, project);
type Json = {
  stage: string;
  stage_conditions: { status: string; type: string; meta_info: Record<string, unknown> }[];
  error: { code: string; message: string };
};
const j = (r: { json: unknown }) => r.json as Json;

describe("POST …/stages on a model that requires approval", () => {
  it("a member's protected move answers 202 with the unchanged stage object, its last condition Pending", async () => {
    await reg("asked");
    const r = await ask("asked");
    expect(r.status).toBe(202);
    expect(Object.keys(j(r)).sort()).toEqual(["stage", "stage_conditions", "uuid"]);
    expect(j(r).stage).toBe("testing");
    expect(j(r).stage_conditions.at(-1)).toMatchObject({ type: "production", status: "Pending", meta_info: { user: "aa-member", from_stage: "testing" } });
    // a second request is a 409 in the house format
    const again = await ask("asked", "teamAdmin");
    expect(again.status).toBe(409);
    expect(j(again).error.code).toBe("conflict");
    expect(j(again).error.message).toMatch(/aa-member already asked/);
  });

  it("an admin's move answers 200 and moves; a viewer 403; signed out 401 on public, 404 on private", async () => {
    await reg("direct");
    const r = await ask("direct", "admin");
    expect(r.status).toBe(200);
    expect(j(r).stage).toBe("production");
    await reg("nope");
    await reg("nope", "public");
    expect((await ask("nope", "viewer")).status).toBe(403);
    const anon = await ask("nope", "anonymous", "production", "public");
    expect(anon.status).toBe(401);
    expect(j(anon).error.code).toBe("unauthorized");
    expect((await ask("nope", "anonymous")).status).toBe(404);
    expect((await ask("nope", "outsider")).status).toBe(404);
  });
});

describe("POST …/stages/approve | reject | withdraw", () => {
  it("approve moves the version (200, the stage object); approving again is a 409", async () => {
    await reg("ok");
    const asked = await ask("ok");
    const requestId = j(asked).stage_conditions.at(-1)!.meta_info.request_id;
    const r = await post(approveRoute, "ok", "admin", { reason: "Shadow test passed", request_id: requestId });
    expect(r.status).toBe(200);
    expect(Object.keys(j(r)).sort()).toEqual(["stage", "stage_conditions", "uuid"]);
    expect(j(r).stage).toBe("production");
    expect(j(r).stage_conditions.map((c) => c.status)).toEqual(["True", "Requested", "True"]);
    expect(j(r).stage_conditions.at(-1)!.meta_info).toMatchObject({ user: "aa-admin", decision: "approved", requested_by: "aa-member" });
    const again = await post(approveRoute, "ok", "owner");
    expect(again.status).toBe(409);
    expect(j(again).error.code).toBe("conflict");
  });

  it("refuses: member 403, viewer 403, outsider on private 404, signed out 401 on public; bad body 400", async () => {
    await reg("guarded");
    await reg("guarded", "public");
    await ask("guarded");
    await ask("guarded", "member", "production", "public");
    for (const route of [approveRoute, rejectRoute]) {
      expect((await post(route, "guarded", "member")).status).toBe(403);
      expect((await post(route, "guarded", "viewer")).status).toBe(403);
      expect((await post(route, "guarded", "outsider")).status).toBe(404);
      expect((await post(route, "guarded", "anonymous")).status).toBe(404);
      const anon = await post(route, "guarded", "anonymous", {}, "public");
      expect(anon.status).toBe(401);
      expect(j(anon).error.code).toBe("unauthorized");
    }
    const bad = await post(approveRoute, "guarded", "admin", { request_id: 7 });
    expect(bad.status).toBe(400);
    expect(j(bad).error.code).toBe("invalid");
    expect((await post(withdrawRoute, "guarded", "teamAdmin")).status).toBe(403);
    expect((await post(withdrawRoute, "guarded", "anonymous", {}, "public")).status).toBe(401);
  });

  it("approval after the stage changed is a 409; reject and withdraw answer the stage object", async () => {
    await reg("moved");
    await ask("moved");
    expect((await post(stagesRoute, "moved", "member", { condition: { type: "staging" } })).status).toBe(200);
    const stale = await post(approveRoute, "moved", "admin");
    expect(stale.status).toBe(409);
    expect(j(stale).error.message).toMatch(/moved from testing to staging/);
    const rej = await post(rejectRoute, "moved", "admin", { reason: "Stale" });
    expect(rej.status).toBe(200);
    expect(j(rej).stage_conditions.at(-1)).toMatchObject({ status: "Rejected", type: "production" });
    await ask("moved");
    const wd = await post(withdrawRoute, "moved", "member");
    expect(wd.status).toBe(200);
    expect(j(wd).stage).toBe("staging");
    expect(j(wd).stage_conditions.at(-1)!.status).toBe("Withdrawn");
  });
});
