// The models API through its route handlers, in-process, on the test database: every status
// (200/201/204/400/401/403/404/409), Polyaxon's shapes, and private models as 404 to outsiders and
// signed-out callers alike.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAccessWorld, type AccessWorld, type ActorName } from "@/lib/testing/access-world";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { callRoute, useDbForRoutes } from "@/lib/api/route-testing";
import { openApiDocument } from "@/lib/api/openapi/index";
import { createToken } from "@/lib/registry/tokens";
import * as projectRoute from "../[project]/route";
import * as activitiesRoute from "../[project]/activities/route";
import * as settingsRoute from "../[project]/settings/route";
import * as createRoute from "./create/route";
import * as listRoute from "./list/route";

let t: TestDb;
let w: AccessWorld;
const tokens: Partial<Record<ActorName, string>> = {};

beforeAll(async () => {
  t = await createTestDb();
  useDbForRoutes(t.db);
  w = await buildAccessWorld(t.db, "pa");
  for (const [name, user] of Object.entries(w.users)) tokens[name as ActorName] = (await createToken(t.db, user, { name: "api tests" })).token;
});
afterAll(async () => t.close());

const as = (a: ActorName) => (a === "anonymous" ? undefined : tokens[a]);
type Body = Record<string, unknown>;

const list = (a: ActorName, qs = "", owner = w.org) =>
  callRoute(listRoute.GET, { path: `/api/v1/${owner}/projects/list${qs}`, params: { owner }, token: as(a) });
const create = (a: ActorName, body: unknown, owner = w.org) =>
  callRoute(createRoute.POST, { method: "POST", path: `/api/v1/${owner}/projects/create`, params: { owner }, token: as(a), body });
const project = (method: "GET" | "PATCH" | "DELETE", a: ActorName, name: string, body?: unknown) =>
  callRoute(projectRoute[method], { method, path: `/api/v1/${w.org}/${name}`, params: { owner: w.org, project: name }, token: as(a), body });
const settings = (method: "GET" | "PATCH", a: ActorName, name: string, body?: unknown) =>
  callRoute(settingsRoute[method], { method, path: `/api/v1/${w.org}/${name}/settings`, params: { owner: w.org, project: name }, token: as(a), body });

describe("GET /api/v1/{owner}/projects/list", () => {
  it("lists what the caller may see, in Polyaxon's envelope", async () => {
    const anon = await list("anonymous");
    expect(anon.status).toBe(200);
    const body = anon.json as { count: number; results: Body[]; next: string | null; previous: string | null };
    expect(body.count).toBe(3);
    expect(body.results.map((r) => r.name).sort()).toEqual(["public", "public-granted", "public-restricted"]);
    for (const r of body.results) expect(r).toMatchObject({ owner: w.org, is_public: true, role: "viewer", live_state: 1, contributors: [] });
    expect(((await list("outsider")).json as { count: number }).count).toBe(3);
    expect(((await list("owner")).json as { count: number }).count).toBe(6);
  });

  it("filters, sorts and pages with next/previous links", async () => {
    const res = await list("owner", "?query=is_public:false&sort=name&limit=2&offset=0");
    const body = res.json as { count: number; results: Body[]; next: string | null; previous: string | null };
    expect(body.count).toBe(3);
    expect(body.results.map((r) => r.name)).toEqual(["granted", "private"]);
    expect(new URL(body.next!).searchParams.get("offset")).toBe("2");
    expect(body.previous).toBeNull();
  });

  it("answers a bad query or limit with 400, an unknown owner with 404", async () => {
    const bad = await list("owner", "?query=nme:x");
    expect(bad.status).toBe(400);
    expect((bad.json as { error: { code: string; message: string } }).error).toMatchObject({ code: "invalid" });
    expect((bad.json as { detail: string }).detail).toMatch(/unknown field 'nme'/);
    expect((await list("owner", "?limit=0")).status).toBe(400);
    expect((await list("owner", "", "no-such-org")).status).toBe(404);
  });
});

describe("POST /api/v1/{owner}/projects/create", () => {
  it("creates with 201 and the project", async () => {
    const res = await create("admin", { name: "api-made", description: "d", tags: ["a"], is_public: false, readme: "# r" });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ owner: w.org, name: "api-made", description: "d", tags: ["a"], is_public: false, readme: "# r", role: "admin" });
    expect((res.json as Body).uuid).toMatch(/^[0-9a-f-]{36}$/);
  });
  it("409 on a taken name", async () => {
    const res = await create("owner", { name: "api-made" });
    expect(res.status).toBe(409);
    expect((res.json as { error: { code: string } }).error.code).toBe("conflict");
  });
  it("400 on a reserved or malformed name, and on a body that is not JSON", async () => {
    expect((await create("owner", { name: "settings" })).status).toBe(400);
    expect((await create("owner", { name: "has space" })).status).toBe(400);
    expect((await create("owner", "{not json")).status).toBe(400);
  });
  it("401 signed out or with a bad token, 403 for members and outsiders, 404 for an unknown owner", async () => {
    expect((await create("anonymous", { name: "x1" })).status).toBe(401);
    const badToken = await callRoute(createRoute.POST, {
      method: "POST",
      path: `/api/v1/${w.org}/projects/create`,
      params: { owner: w.org },
      token: "mr_nonsense",
      body: { name: "x2" },
    });
    expect(badToken.status).toBe(401);
    expect((await create("member", { name: "x3" })).status).toBe(403);
    expect((await create("outsider", { name: "x4" })).status).toBe(403);
    expect((await create("owner", { name: "x5" }, "no-such-org")).status).toBe(404);
  });
});

describe("GET|PATCH|DELETE /api/v1/{owner}/{project}", () => {
  it("reads a public model signed out, and a private one is 404 to outsiders and signed out", async () => {
    expect((await project("GET", "anonymous", "public")).status).toBe(200);
    for (const a of ["anonymous", "outsider"] as const) {
      const res = await project("GET", a, "private");
      expect(res.status, a).toBe(404);
      expect(res.text).not.toContain('private"');
    }
    expect((await project("GET", "outsiderGranted", "granted")).json).toMatchObject({ name: "granted", role: "member" });
  });

  it("PATCH renames and edits (200); the old name is then 404", async () => {
    const res = await project("PATCH", "owner", "api-made", { name: "api-renamed", tags: ["x"], is_public: true, excluded_features: ["runs"] });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ name: "api-renamed", tags: ["x"], is_public: true, excluded_features: ["runs"] });
    expect((await project("GET", "owner", "api-made")).status).toBe(404);
  });

  it("PATCH: 400 invalid, 403 for members, 404 for outsiders on private, 409 on a taken name, 401 signed out", async () => {
    expect((await project("PATCH", "owner", "api-renamed", { name: "new" })).status).toBe(400);
    expect((await project("PATCH", "owner", "api-renamed", { excluded_features: ["gpus"] })).status).toBe(400);
    expect((await project("PATCH", "member", "private", { description: "x" })).status).toBe(403);
    expect((await project("PATCH", "outsider", "private", { description: "x" })).status).toBe(404);
    expect((await project("PATCH", "owner", "api-renamed", { name: "public" })).status).toBe(409);
    expect((await project("PATCH", "anonymous", "public", { description: "x" })).status).toBe(401);
  });

  it("DELETE: 403 for members, 404 for outsiders, 204 for admins, then 404", async () => {
    expect((await project("DELETE", "member", "api-renamed")).status).toBe(403);
    expect((await project("DELETE", "outsider", "private")).status).toBe(404);
    const res = await project("DELETE", "admin", "api-renamed");
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect((await project("GET", "owner", "api-renamed")).status).toBe(404);
  });
});

describe("GET|PATCH /api/v1/{owner}/{project}/settings", () => {
  it("GET for admins: features, access with reasons, sources", async () => {
    const res = await settings("GET", "owner", "restricted");
    expect(res.status).toBe(200);
    const body = res.json as { features: Body; teams: string[]; grants: Body[]; access: { user: string; why: string }[]; protected_stages: string[] };
    expect(body.features).toEqual({ runs: true, models: true, artifacts: true });
    expect(body.protected_stages).toEqual(["production"]);
    expect(body.teams).toEqual(["t"]);
    expect(body.grants).toEqual([{ user: "pa-outsidergranted", name: "", role: "member", member: false }]);
    const why = Object.fromEntries(body.access.map((x) => [x.user, x.why]));
    expect(why["pa-owner"]).toBe("admin via organization role owner");
    expect(why["pa-teamadmin"]).toBe("admin via team t");
    expect(why["pa-outsidergranted"]).toBe("member via direct grant");
  });

  it("PATCH applies features, teams, grants and sources (200); a change that locks the caller out needs confirm", async () => {
    const patch = {
      features: { artifacts: false },
      teams: ["t"],
      grants: [{ user: "pa-outsider", role: "viewer" }],
      sources: ["public"],
      protected_stages: [],
    };
    const refused = await settings("PATCH", "admin", "private", patch);
    expect(refused.status).toBe(409);
    expect((await settings("GET", "admin", "private")).json).toMatchObject({ teams: [], excluded_features: [] }); // nothing changed
    const res = await settings("PATCH", "admin", "private", { ...patch, confirm: true });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ excluded_features: ["artifacts"], teams: ["t"], sources: [`${w.org}/public`], protected_stages: [] });
    // admin (org admin, not in team t) lost access through the restriction: its own answer says so next time
    expect((await settings("GET", "admin", "private")).status).toBe(404);
    expect((await project("GET", "outsider", "private")).status).toBe(200);
    await settings("PATCH", "owner", "private", { teams: [], grants: [], sources: [], excluded_features: [], protected_stages: ["production"] });
  });

  it("400 invalid, 403 for members, 404 for outsiders and signed out", async () => {
    expect((await settings("PATCH", "owner", "private", { teams: ["nope"] })).status).toBe(400);
    expect((await settings("PATCH", "owner", "private", { colour: "red" })).status).toBe(400);
    expect((await settings("GET", "member", "private")).status).toBe(403);
    expect((await settings("PATCH", "member", "private", { features: { runs: false } })).status).toBe(403);
    expect((await settings("GET", "outsider", "private")).status).toBe(404);
    expect((await settings("GET", "anonymous", "private")).status).toBe(404);
  });
});

describe("GET /api/v1/{owner}/{project}/activities", () => {
  it("pages the model's activity for readers; 404 to outsiders on a private model", async () => {
    const res = await callRoute(activitiesRoute.GET, {
      path: `/api/v1/${w.org}/private/activities`,
      params: { owner: w.org, project: "private" },
      token: as("owner"),
    });
    expect(res.status).toBe(200);
    const body = res.json as { count: number; results: { verb: string; actor: string; created_at: string }[] };
    expect(body.results.map((r) => r.verb)).toEqual(expect.arrayContaining(["project.teams_changed", "project.grants_changed"]));
    expect(body.results[0].created_at).toMatch(/Z$/);
    const anon = await callRoute(activitiesRoute.GET, { path: `/api/v1/${w.org}/private/activities`, params: { owner: w.org, project: "private" } });
    expect(anon.status).toBe(404);
    const pub = await callRoute(activitiesRoute.GET, { path: `/api/v1/${w.org}/public/activities`, params: { owner: w.org, project: "public" } });
    expect(pub.status).toBe(200);
  });
});

describe("the OpenAPI document", () => {
  it("documents every model route", () => {
    const paths = openApiDocument().paths ?? {};
    const expected: [string, string[]][] = [
      ["/api/v1/{owner}/projects/list", ["get"]],
      ["/api/v1/{owner}/projects/create", ["post"]],
      ["/api/v1/{owner}/{project}", ["get", "patch", "delete"]],
      ["/api/v1/{owner}/{project}/settings", ["get", "patch"]],
      ["/api/v1/{owner}/{project}/activities", ["get"]],
    ];
    for (const [path, methods] of expected) expect(Object.keys(paths[path] ?? {}).sort(), path).toEqual(expect.arrayContaining(methods));
  });
});
