// Aliases through the REST API, in-process on the test database: PUT answers 201 when new and 200 when moved,
// GET lists {count, results}, DELETE is a 204, `…/versions/model/@alias` reads the version, refusals are the
// house error body.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { buildAccessWorld, type AccessWorld, type ActorName } from "@/lib/testing/access-world";
import { callRoute, useDbForRoutes } from "@/lib/api/route-testing";
import { registerVersion } from "@/lib/registry/versions";
import { createToken } from "@/lib/registry/tokens";
import * as listRoute from "./route";
import * as aliasRoute from "./[alias]/route";
import * as versionRoute from "../versions/[kind]/[name]/route";
import * as approveRoute from "./[alias]/approve/route";
import { eq } from "drizzle-orm";
import { projects } from "@/db/schema";

let t: TestDb;
let w: AccessWorld;
const tokens: Partial<Record<ActorName, string>> = {};

beforeAll(async () => {
  t = await createTestDb();
  useDbForRoutes(t.db);
  w = await buildAccessWorld(t.db, "ap");
  for (const a of ["admin", "member", "viewer"] as const) tokens[a] = (await createToken(t.db, w.users[a], { name: "aliases api" })).token;
  for (const n of ["v1", "v2"]) await registerVersion(t.db, w.actors.owner, w.org, "private", "model", { name: n });
});
afterAll(async () => t.close());

const put = (alias: string, body: unknown, as: ActorName = "member") =>
  callRoute(aliasRoute.PUT, {
    method: "PUT",
    path: `/api/v1/${w.org}/private/aliases/${alias}`,
    params: { owner: w.org, project: "private", alias },
    token: tokens[as],
    body,
  });
type J = {
  alias: string;
  version: string;
  updated_by: string;
  count: number;
  results: J[];
  name: string;
  aliases: string[];
  error: { code: string; details: Record<string, string[]> };
};
const j = (r: { json: unknown }) => r.json as J;

describe("the aliases API", () => {
  it("PUT creates (201) and moves (200); GET lists; the version object carries its aliases; @alias reads it; DELETE is 204", async () => {
    const created = await put("canary", { version: "v1" });
    expect(created.status).toBe(201);
    expect(j(created)).toMatchObject({ alias: "canary", version: "v1", updated_by: "ap-member" });
    expect(Object.keys(j(created)).sort()).toEqual(["alias", "updated_at", "updated_by", "version"]);
    const moved = await put("canary", { version: "v2" });
    expect(moved.status).toBe(200);
    expect(j(moved).version).toBe("v2");
    const list = await callRoute(listRoute.GET, {
      method: "GET",
      path: `/api/v1/${w.org}/private/aliases`,
      params: { owner: w.org, project: "private" },
      token: tokens.viewer,
    });
    expect(j(list)).toMatchObject({ count: 1, results: [{ alias: "canary", version: "v2" }] });
    const read = await callRoute(versionRoute.GET, {
      method: "GET",
      path: `/api/v1/${w.org}/private/versions/model/%40canary`,
      params: { owner: w.org, project: "private", kind: "model", name: "@canary" },
      token: tokens.viewer,
    });
    expect(read.status).toBe(200);
    expect(j(read)).toMatchObject({ name: "v2", aliases: ["canary"] });
    const del = await callRoute(aliasRoute.DELETE, {
      method: "DELETE",
      path: `/api/v1/${w.org}/private/aliases/canary`,
      params: { owner: w.org, project: "private", alias: "canary" },
      token: tokens.member,
    });
    expect(del.status).toBe(204);
  });

  it("refusals: viewer 403, member on champion 403, unknown version 404, a stage name 400 naming alias", async () => {
    expect((await put("canary", { version: "v1" }, "viewer")).status).toBe(403);
    expect((await put("champion", { version: "v1" }, "member")).status).toBe(403);
    expect((await put("champion", { version: "v1" }, "admin")).status).toBe(201);
    expect((await put("canary", { version: "nope" })).status).toBe(404);
    const bad = await put("production", { version: "v1" });
    expect(bad.status).toBe(400);
    expect(Object.keys(j(bad).error.details)).toEqual(["alias"]);
  });

  it("with approvals on, a member's champion move is a 202 request that an admin approves", async () => {
    await t.db
      .update(projects)
      .set({ settings: { requireApproval: true } })
      .where(eq(projects.id, w.projectIds.private));
    const asked = await put("champion", { version: "v2" }, "member");
    expect(asked.status).toBe(202);
    const body = asked.json as { pending: boolean; request_id: string; version: string };
    expect(body).toMatchObject({ pending: true, version: "v2" });
    const approve = (as: ActorName) =>
      callRoute(approveRoute.POST, {
        method: "POST",
        path: `/api/v1/${w.org}/private/aliases/champion/approve`,
        params: { owner: w.org, project: "private", alias: "champion" },
        token: tokens[as],
        body: { request_id: body.request_id },
      });
    expect((await approve("member")).status).toBe(403);
    const ok = await approve("admin");
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ alias: { alias: "champion", version: "v2" } });
    expect((await approve("admin")).status).toBe(409);
  });
});
