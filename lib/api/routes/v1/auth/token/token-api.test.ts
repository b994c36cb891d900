// POST/DELETE /api/v1/auth/token and GET /api/v1/users, in-process: tokens work with Bearer and
// Token, revoked and expired ones are 401, and a token never appears in an answer after creation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import SwaggerParser from "@apidevtools/swagger-parser";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { apiTokens } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { PASSWORD, makeOrg, makeUser } from "@/lib/testing/fixtures";
import { callRoute, useDbForRoutes } from "@/lib/api/route-testing";
import { TokenResponseSchema, UserSchema } from "@/lib/api/openapi/core";
import { hashToken } from "@/lib/registry/tokens";
import * as tokenRoute from "./route";
import * as usersRoute from "../../users/route";
import * as orgsRoute from "../../orgs/route";
import * as activitiesRoute from "../../orgs/[org]/activities/route";
import * as openapiRoute from "../../openapi.json/route";

let t: TestDb;
beforeAll(async () => {
  // One proxy in front: the client is the last X-Forwarded-For hop (lib/auth/ip.ts).
  process.env.MODELREG_TRUST_PROXY = "1";
  t = await createTestDb();
  useDbForRoutes(t.db);
});
afterAll(async () => {
  delete process.env.MODELREG_TRUST_PROXY;
  await t.close();
});

const login = (body: unknown, ip = "10.0.0.1") =>
  callRoute(tokenRoute.POST, { method: "POST", path: "/api/v1/auth/token", body, headers: { "x-forwarded-for": ip } });
const me = (token?: string, scheme = "Bearer") =>
  callRoute(usersRoute.GET, { path: "/api/v1/users", headers: token ? { authorization: `${scheme} ${token}` } : {} });

describe("POST /api/v1/auth/token", () => {
  it("answers 409 naming `name` when the caller already has a token with that name", async () => {
    await makeUser(t.db, "api-dup");
    expect((await login({ username: "api-dup", password: PASSWORD, name: "ci" })).status).toBe(201);
    const res = await login({ username: "api-dup", password: PASSWORD, name: "CI" });
    expect(res.status, res.text).toBe(409);
    expect(res.json).toMatchObject({ error: { code: "conflict", details: { name: [expect.stringContaining("already have a token named 'CI'")] } } });
  });

  it("answers 201 with the token, which then works as Bearer and Token in any case", async () => {
    await makeUser(t.db, "api-ann");
    const res = await login({ username: "api-ann", password: PASSWORD, name: "my laptop" });
    expect(res.status, res.text).toBe(201);
    const body = z.strictObject(TokenResponseSchema.shape).parse(res.json);
    expect(body.token).toMatch(/^mr_/);
    for (const scheme of ["Bearer", "bearer", "Token", "token", "TOKEN"]) {
      const who = await me(body.token, scheme);
      expect(who.status, scheme).toBe(200);
      expect(z.strictObject(UserSchema.shape).parse(who.json)).toEqual({
        username: "api-ann",
        email: "api-ann@example.test",
        name: "",
        kind: "user",
        organization: "api-ann",
      });
    }
  });

  it("a user's organization is their personal one even when they own others", async () => {
    const u = await makeUser(t.db, "api-org-owner");
    await makeOrg(t.db, "aaa-first-alphabetically", u);
    const { json } = await login({ username: "api-org-owner", password: PASSWORD });
    const got = (await me((json as { token: string }).token)).json;
    expect(got).toMatchObject({ organization: "api-org-owner" });
  });

  it("refuses wrong credentials (401), a malformed body (400), and rate limits (429 with Retry-After)", async () => {
    await makeUser(t.db, "api-bob");
    const wrong = await login({ username: "api-bob", password: "not-the-password" });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual({
      detail: "Incorrect username or password.",
      error: { code: "unauthorized", message: "Incorrect username or password." },
    });
    const bad = await login({ username: "api-bob" });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: { details: { password: [expect.any(String)] } } });
    process.env.MODELREG_LOGIN_IP_LIMIT = "2";
    try {
      await login({ username: "api-bob", password: PASSWORD }, "10.9.0.9");
      await login({ username: "api-bob", password: PASSWORD }, "10.9.0.9");
      // What the client wrote before the proxy's hop does not get it a fresh bucket.
      const limited = await login({ username: "api-bob", password: PASSWORD }, "1.2.3.4, 10.9.0.9");
      expect(limited.status).toBe(429);
      expect((await login({ username: "api-bob", password: PASSWORD }, "10.9.0.10")).status).toBe(201);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      delete process.env.MODELREG_LOGIN_IP_LIMIT;
    }
  });
});

describe("token lifecycle through the API", () => {
  it("revoked (DELETE /auth/token) and expired tokens are 401; other tokens live on", async () => {
    await makeUser(t.db, "api-cat");
    const a = ((await login({ username: "api-cat", password: PASSWORD })).json as { token: string }).token;
    const b = ((await login({ username: "api-cat", password: PASSWORD, expires_in_days: 30 })).json as { token: string }).token;
    const del = await callRoute(tokenRoute.DELETE, { method: "DELETE", path: "/api/v1/auth/token", token: a });
    expect(del.status).toBe(204);
    expect((await me(a)).status).toBe(401);
    expect((await callRoute(tokenRoute.DELETE, { method: "DELETE", path: "/api/v1/auth/token", token: a })).status).toBe(401);
    expect((await me(b)).status).toBe(200);
    await t.db
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(apiTokens.tokenHash, hashToken(b)));
    const expired = await me(b);
    expect(expired.status).toBe(401);
    expect(expired.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("signed out and with a malformed header: 401, no data", async () => {
    const anon = await me();
    expect(anon.status).toBe(401);
    expect((await me("mr_not-a-real-token")).status).toBe(401);
    const malformed = await callRoute(usersRoute.GET, { path: "/api/v1/users", headers: { authorization: "Basic abc" } });
    expect(malformed.status).toBe(401);
    expect((await callRoute(tokenRoute.DELETE, { method: "DELETE", path: "/api/v1/auth/token" })).status).toBe(401);
  });

  it("the token appears in no answer after the one that created it, and is not what the database stores", async () => {
    await makeUser(t.db, "api-dan");
    const token = ((await login({ username: "api-dan", password: PASSWORD, name: "ci" })).json as { token: string }).token;
    const answers = [
      await me(token),
      await callRoute(orgsRoute.GET, { path: "/api/v1/orgs", token }),
      await callRoute(activitiesRoute.GET, { path: "/x", params: { org: "api-dan" }, token }),
    ];
    for (const a of answers) {
      expect(a.status, a.text).toBe(200);
      expect(a.text).not.toContain(token);
      expect(a.text).not.toContain(token.slice(10));
    }
    expect(answers[2].text).toContain("token.created");
    const rows = await t.db.select().from(apiTokens);
    expect(JSON.stringify(rows)).not.toContain(token);
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("is public and validates as OpenAPI 3.1", async () => {
    const res = await callRoute(openapiRoute.GET as never, { path: "/api/v1/openapi.json" });
    expect(res.status).toBe(200);
    const doc = res.json as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths["/api/v1/orgs/{org}/teams/{team}/members/{username}"]).toBeTruthy();
    await expect(SwaggerParser.validate(doc as never)).resolves.toBeTruthy();
  });
});
