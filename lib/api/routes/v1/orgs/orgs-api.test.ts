// The organization, member, team and activity routes, called in-process: the permission matrix as
// HTTP statuses, answers checked against the OpenAPI schemas (strictly), and no private data for
// signed-out callers or outsiders.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { buildAccessWorld, type AccessWorld } from "@/lib/testing/access-world";
import { addMember as addMemberRow, makeTeam, makeUser } from "@/lib/testing/fixtures";
import { callRoute, useDbForRoutes, type RouteAnswer } from "@/lib/api/route-testing";
import {
  ActivitySchema,
  MemberSchema,
  OrganizationListItemSchema,
  OrganizationSchema,
  TeamDetailSchema,
  TeamMemberSchema,
  TeamSchema,
} from "@/lib/api/openapi/orgs";
import { recordActivity } from "@/lib/registry/activity";
import { createToken } from "@/lib/registry/tokens";
import * as orgs from "./route";
import * as org from "./[org]/route";
import * as members from "./[org]/members/route";
import * as member from "./[org]/members/[username]/route";
import * as teams from "./[org]/teams/route";
import * as team from "./[org]/teams/[team]/route";
import * as teamMember from "./[org]/teams/[team]/members/[username]/route";
import * as activities from "./[org]/activities/route";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  useDbForRoutes(t.db);
});
afterAll(async () => t.close());

const WHO = ["owner", "manager", "admin", "member", "viewer", "outsiderGranted", "outsider", "anonymous"] as const;
type Who = (typeof WHO)[number];
type Action = "read" | "update" | "manageMembers" | "manageTeams" | "changeOwner" | "delete";
const MAY: Record<Who, Action[]> = {
  owner: ["read", "update", "manageMembers", "manageTeams", "changeOwner", "delete"],
  manager: ["read", "update", "manageMembers", "manageTeams"],
  admin: ["read"],
  member: ["read"],
  viewer: ["read"],
  outsiderGranted: [],
  outsider: [],
  anonymous: [],
};

type ApiWorld = AccessWorld & { tokens: Record<Who, string | undefined>; owner2: string; newcomer: string };
let seq = 0;
async function apiWorld(): Promise<ApiWorld> {
  const p = `api${++seq}`;
  const w = await buildAccessWorld(t.db, p);
  const owner2 = await makeUser(t.db, `${p}-owner2`);
  await addMemberRow(t.db, w.orgId, owner2, "owner");
  const newcomer = await makeUser(t.db, `${p}-newcomer`);
  await makeTeam(t.db, w.orgId, "secret-squad");
  await recordActivity(t.db, { orgId: w.orgId, actorId: w.users.owner.userId, verb: "test.secret", target: "secret-target" });
  const tokens = {} as Record<Who, string | undefined>;
  for (const who of WHO) tokens[who] = who === "anonymous" ? undefined : (await createToken(t.db, w.users[who], { name: "test" })).token;
  return { ...w, tokens, owner2: owner2.username, newcomer: newcomer.username };
}

const strict = <S extends z.ZodObject>(s: S) => z.strictObject(s.shape);
const envelopeOf = <S extends z.ZodObject>(s: S) =>
  z.strictObject({ count: z.number(), results: z.array(strict(s)), previous: z.string().nullable(), next: z.string().nullable() });

type Case = {
  route: string;
  action: Action;
  ok: number;
  /** Changes state: allowed callers get a world of their own. */
  mutates: boolean;
  call: (w: ApiWorld, token?: string) => Promise<RouteAnswer>;
  shape?: z.ZodType;
};
const o = (w: ApiWorld) => ({ org: w.org });
const CASES: Case[] = [
  {
    route: "GET members",
    action: "read",
    ok: 200,
    mutates: false,
    shape: envelopeOf(MemberSchema),
    call: (w, token) => callRoute(members.GET, { path: `/api/v1/orgs/${w.org}/members`, params: o(w), token }),
  },
  {
    route: "POST members",
    action: "manageMembers",
    ok: 201,
    mutates: true,
    shape: strict(MemberSchema),
    call: (w, token) =>
      callRoute(members.POST, { method: "POST", path: `/api/v1/orgs/${w.org}/members`, params: o(w), token, body: { user: w.newcomer, role: "member" } }),
  },
  {
    route: "PATCH member",
    action: "manageMembers",
    ok: 200,
    mutates: true,
    shape: strict(MemberSchema),
    call: (w, token) =>
      callRoute(member.PATCH, {
        method: "PATCH",
        path: `/api/v1/orgs/${w.org}/members/${w.users.teamViewer.username}`,
        params: { ...o(w), username: w.users.teamViewer.username },
        token,
        body: { role: "viewer" },
      }),
  },
  {
    route: "DELETE member",
    action: "manageMembers",
    ok: 204,
    mutates: true,
    call: (w, token) =>
      callRoute(member.DELETE, {
        method: "DELETE",
        path: `/api/v1/orgs/${w.org}/members/${w.users.teamViewer.username}`,
        params: { ...o(w), username: w.users.teamViewer.username },
        token,
      }),
  },
  {
    route: "PATCH owner",
    action: "changeOwner",
    ok: 200,
    mutates: true,
    shape: strict(MemberSchema),
    call: (w, token) =>
      callRoute(member.PATCH, {
        method: "PATCH",
        path: `/api/v1/orgs/${w.org}/members/${w.owner2}`,
        params: { ...o(w), username: w.owner2 },
        token,
        body: { role: "member" },
      }),
  },
  {
    route: "DELETE owner",
    action: "changeOwner",
    ok: 204,
    mutates: true,
    call: (w, token) =>
      callRoute(member.DELETE, { method: "DELETE", path: `/api/v1/orgs/${w.org}/members/${w.owner2}`, params: { ...o(w), username: w.owner2 }, token }),
  },
  {
    route: "GET teams",
    action: "read",
    ok: 200,
    mutates: false,
    shape: envelopeOf(TeamSchema),
    call: (w, token) => callRoute(teams.GET, { path: `/api/v1/orgs/${w.org}/teams`, params: o(w), token }),
  },
  {
    route: "POST teams",
    action: "manageTeams",
    ok: 201,
    mutates: true,
    shape: strict(TeamSchema),
    call: (w, token) =>
      callRoute(teams.POST, { method: "POST", path: `/api/v1/orgs/${w.org}/teams`, params: o(w), token, body: { name: "new-team", description: "d" } }),
  },
  {
    route: "GET team",
    action: "read",
    ok: 200,
    mutates: false,
    shape: z.strictObject({ ...TeamDetailSchema.shape, members: z.array(strict(TeamMemberSchema)) }),
    call: (w, token) => callRoute(team.GET, { path: `/api/v1/orgs/${w.org}/teams/t`, params: { ...o(w), team: "t" }, token }),
  },
  {
    route: "PATCH team",
    action: "manageTeams",
    ok: 200,
    mutates: true,
    shape: strict(TeamSchema),
    call: (w, token) =>
      callRoute(team.PATCH, {
        method: "PATCH",
        path: `/api/v1/orgs/${w.org}/teams/t`,
        params: { ...o(w), team: "t" },
        token,
        body: { description: "new words" },
      }),
  },
  {
    route: "DELETE team",
    action: "manageTeams",
    ok: 204,
    mutates: true,
    call: (w, token) =>
      callRoute(team.DELETE, { method: "DELETE", path: `/api/v1/orgs/${w.org}/teams/secret-squad`, params: { ...o(w), team: "secret-squad" }, token }),
  },
  {
    route: "PUT team member",
    action: "manageTeams",
    ok: 201,
    mutates: true,
    shape: strict(TeamMemberSchema),
    call: (w, token) =>
      callRoute(teamMember.PUT, {
        method: "PUT",
        path: `/api/v1/orgs/${w.org}/teams/t/members/${w.users.member.username}`,
        params: { ...o(w), team: "t", username: w.users.member.username },
        token,
        body: { role: "admin" },
      }),
  },
  {
    route: "DELETE team member",
    action: "manageTeams",
    ok: 204,
    mutates: true,
    call: (w, token) =>
      callRoute(teamMember.DELETE, {
        method: "DELETE",
        path: `/api/v1/orgs/${w.org}/teams/t/members/${w.users.teamAdmin.username}`,
        params: { ...o(w), team: "t", username: w.users.teamAdmin.username },
        token,
      }),
  },
  {
    route: "GET activities",
    action: "read",
    ok: 200,
    mutates: false,
    shape: envelopeOf(ActivitySchema).extend({ count_capped: z.boolean() }),
    call: (w, token) => callRoute(activities.GET, { path: `/api/v1/orgs/${w.org}/activities`, params: o(w), token }),
  },
  {
    route: "PATCH org",
    action: "update",
    ok: 200,
    mutates: true,
    shape: strict(OrganizationSchema),
    call: (w, token) => callRoute(org.PATCH, { method: "PATCH", path: `/api/v1/orgs/${w.org}`, params: o(w), token, body: { description: "changed" } }),
  },
  {
    route: "DELETE org",
    action: "delete",
    ok: 204,
    mutates: true,
    call: (w, token) => callRoute(org.DELETE, { method: "DELETE", path: `/api/v1/orgs/${w.org}`, params: o(w), token }),
  },
];

let shared: ApiWorld;
beforeAll(async () => {
  shared = await apiWorld();
});

describe("organization routes: the permission matrix as HTTP statuses", () => {
  const cases = CASES.flatMap((c) => WHO.map((who) => [c.route, who, c] as const));
  it.each(cases)("%s as %s", async (_route, who, c) => {
    const allowed = MAY[who].includes(c.action);
    const w = allowed && c.mutates ? await apiWorld() : shared;
    const res = await c.call(w, w.tokens[who]);
    const expected = allowed ? c.ok : who === "anonymous" ? 401 : 403;
    expect(res.status, res.text).toBe(expected);
    if (allowed && c.shape) c.shape.parse(res.json);
    if (!allowed) expect(res.json).toMatchObject({ error: { code: who === "anonymous" ? "unauthorized" : "forbidden" } });
  });

  it("refused calls changed nothing in the shared world", async () => {
    const res = await callRoute(team.GET, { path: `/api/v1/orgs/${shared.org}/teams/t`, params: { org: shared.org, team: "t" }, token: shared.tokens.owner });
    expect(res.json).toMatchObject({ description: "", members_count: 3 });
    const m = await callRoute(members.GET, { path: `/api/v1/orgs/${shared.org}/members?limit=100`, params: { org: shared.org }, token: shared.tokens.owner });
    const roles = Object.fromEntries((m.json as { results: { username: string; role: string }[] }).results.map((r) => [r.username, r.role]));
    expect(roles[shared.owner2]).toBe("owner");
    expect(roles[shared.users.teamViewer.username]).toBe("admin");
    expect(roles[shared.newcomer]).toBeUndefined();
  });
});

describe("the organization itself and the caller's list", () => {
  it("GET /orgs/{org} answers everyone, with the caller's role (null for outsiders)", async () => {
    for (const who of WHO) {
      const res = await callRoute(org.GET, { path: `/api/v1/orgs/${shared.org}`, params: { org: shared.org }, token: shared.tokens[who] });
      expect(res.status).toBe(200);
      const body = strict(OrganizationSchema).parse(res.json);
      expect(body.role).toBe(["owner", "manager", "admin", "member", "viewer"].includes(who) ? who : null);
    }
    const missing = await callRoute(org.GET, { path: "/api/v1/orgs/nope-nope", params: { org: "nope-nope" } });
    expect(missing.status).toBe(404);
  });

  it("GET /orgs lists the caller's organizations (401 signed out), paged", async () => {
    const res = await callRoute(orgs.GET, { path: "/api/v1/orgs?limit=1", token: shared.tokens.viewer });
    const body = envelopeOf(OrganizationListItemSchema).parse(res.json);
    expect(body.count).toBe(2);
    expect(body.results.map((r) => r.name)).toEqual([shared.users.viewer.username]);
    expect(new URL(body.next!).searchParams.get("offset")).toBe("1");
    const next = await callRoute(orgs.GET, { path: "/api/v1/orgs?limit=1&offset=1", token: shared.tokens.viewer });
    expect((next.json as { results: { name: string; role: string }[] }).results).toEqual([expect.objectContaining({ name: shared.org, role: "viewer" })]);
    expect((await callRoute(orgs.GET, { path: "/api/v1/orgs" })).status).toBe(401);
    expect((await callRoute(orgs.GET, { path: "/api/v1/orgs?limit=0", token: shared.tokens.viewer })).status).toBe(400);
  });

  it("POST /orgs creates (201), and answers 400, 409 and 401 as it should", async () => {
    const created = await callRoute(orgs.POST, {
      method: "POST",
      path: "/api/v1/orgs",
      token: shared.tokens.outsider,
      body: { name: "api-made", display_name: "API Made" },
    });
    expect(created.status, created.text).toBe(201);
    expect(strict(OrganizationSchema).parse(created.json)).toMatchObject({ name: "api-made", display_name: "API Made", role: "owner", personal: false });
    const dup = await callRoute(orgs.POST, { method: "POST", path: "/api/v1/orgs", token: shared.tokens.outsider, body: { name: "api-made" } });
    expect(dup.status).toBe(409);
    const bad = await callRoute(orgs.POST, { method: "POST", path: "/api/v1/orgs", token: shared.tokens.outsider, body: { name: "x", display_name: 5 } });
    expect(bad.status).toBe(400);
    expect(Object.keys((bad.json as { error: { details: object } }).error.details).sort()).toEqual(["display_name", "name"]);
    const notJson = await callRoute(orgs.POST, { method: "POST", path: "/api/v1/orgs", token: shared.tokens.outsider, body: "{oops" });
    expect(notJson.status).toBe(400);
    expect((await callRoute(orgs.POST, { method: "POST", path: "/api/v1/orgs", body: { name: "anon-made" } })).status).toBe(401);
  });

  it("member and team errors: 400 unknown user, 409 already a member, 404 unknown team, last owner 400", async () => {
    const w = await apiWorld();
    const tok = w.tokens.owner;
    const unknown = await callRoute(members.POST, { method: "POST", path: "/x", params: { org: w.org }, token: tok, body: { user: "ghost-user" } });
    expect(unknown.status).toBe(400);
    expect(unknown.json).toMatchObject({ error: { code: "invalid", details: { user: [expect.any(String)] } } });
    const dup = await callRoute(members.POST, { method: "POST", path: "/x", params: { org: w.org }, token: tok, body: { user: w.users.viewer.username } });
    expect(dup.status).toBe(409);
    expect((await callRoute(team.GET, { path: "/x", params: { org: w.org, team: "nope" }, token: tok })).status).toBe(404);
    const sole = await callRoute(team.DELETE, { method: "DELETE", path: "/x", params: { org: w.org, team: "t" }, token: tok });
    expect(sole.status).toBe(400);
    await callRoute(member.DELETE, { method: "DELETE", path: "/x", params: { org: w.org, username: w.owner2 }, token: tok });
    const last = await callRoute(member.PATCH, {
      method: "PATCH",
      path: "/x",
      params: { org: w.org, username: w.users.owner.username },
      token: tok,
      body: { role: "admin" },
    });
    expect(last.status).toBe(400);
    expect((last.json as { detail: string }).detail).toMatch(/last owner/);
    const changed = await callRoute(teamMember.PUT, {
      method: "PUT",
      path: "/x",
      params: { org: w.org, team: "t", username: w.users.teamAdmin.username },
      token: tok,
      body: { role: "viewer" },
    });
    expect(changed.status).toBe(200);
    const leave = await callRoute(member.DELETE, {
      method: "DELETE",
      path: "/x",
      params: { org: w.org, username: w.users.viewer.username },
      token: w.tokens.viewer,
    });
    expect(leave.status).toBe(204);
  });
});

describe("no private data for signed-out callers and outsiders", () => {
  const handlers: [string, (w: ApiWorld) => { h: (req: Request, ctx: { params: Promise<never> }) => Promise<Response>; params: object }][] = [
    ["GET org", (w) => ({ h: org.GET as never, params: { org: w.org } })],
    ["PATCH org", (w) => ({ h: org.PATCH as never, params: { org: w.org } })],
    ["DELETE org", (w) => ({ h: org.DELETE as never, params: { org: w.org } })],
    ["GET members", (w) => ({ h: members.GET as never, params: { org: w.org } })],
    ["POST members", (w) => ({ h: members.POST as never, params: { org: w.org } })],
    ["PATCH member", (w) => ({ h: member.PATCH as never, params: { org: w.org, username: w.users.member.username } })],
    ["DELETE member", (w) => ({ h: member.DELETE as never, params: { org: w.org, username: w.users.member.username } })],
    ["GET teams", (w) => ({ h: teams.GET as never, params: { org: w.org } })],
    ["POST teams", (w) => ({ h: teams.POST as never, params: { org: w.org } })],
    ["GET team", (w) => ({ h: team.GET as never, params: { org: w.org, team: "secret-squad" } })],
    ["PATCH team", (w) => ({ h: team.PATCH as never, params: { org: w.org, team: "secret-squad" } })],
    ["DELETE team", (w) => ({ h: team.DELETE as never, params: { org: w.org, team: "secret-squad" } })],
    ["PUT team member", (w) => ({ h: teamMember.PUT as never, params: { org: w.org, team: "secret-squad", username: w.users.member.username } })],
    ["DELETE team member", (w) => ({ h: teamMember.DELETE as never, params: { org: w.org, team: "secret-squad", username: w.users.member.username } })],
    ["GET activities", (w) => ({ h: activities.GET as never, params: { org: w.org } })],
  ];
  it.each(handlers.flatMap(([name, make]) => (["anonymous", "outsider", "outsiderGranted"] as const).map((who) => [name, who, make] as const)))(
    "%s as %s",
    async (name, who, make) => {
      const { h, params } = make(shared);
      const method = name.split(" ")[0];
      const res = await callRoute(h, {
        method,
        path: "/api/v1/orgs/x",
        params: params as never,
        token: shared.tokens[who],
        // a valid body (an admin role is one for teams and for the organization), so what answers is the permission check
        body:
          method === "GET" || method === "DELETE" ? undefined : { name: "xx-new", role: "admin", user: shared.users.outsider.username, description: "pwned" },
      });
      // organizations are visible to everyone; everything else of it is refused: 401 signed out, 403 outsiders
      expect(res.status, res.text).toBe(name === "GET org" ? 200 : who === "anonymous" ? 401 : 403);
      for (const secret of ["@example.test", "secret-squad", "secret-target", shared.users.viewer.username, shared.owner2]) {
        expect(res.text.includes(secret), `${name} as ${who} leaks ${secret}`).toBe(false);
      }
    },
  );
});
