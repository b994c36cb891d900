// Browser sessions end for good: after sign-out (a copied cookie stops working) and after a password change,
// for pages' lookup and the REST API alike (one function, userFromSessionCookies). In-process, on the test DB.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { encode, type JWT } from "next-auth/jwt";
import { sessions } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { PASSWORD, makeUser } from "@/lib/testing/fixtures";
import { callRoute, useDbForRoutes } from "@/lib/api/route-testing";
import { changePassword } from "@/lib/registry/account";
import type { UserActor } from "@/lib/registry/actor";
import { endSession, startSession } from "@/lib/registry/sessions";
import * as usersRoute from "@/lib/api/routes/v1/users/route";
import * as orgsRoute from "@/lib/api/routes/v1/orgs/route";
import { authOptions } from "./options";
import { parseCookieHeader, sessionToken, userFromSessionCookies } from "./session-cookie";

process.env.NEXTAUTH_SECRET = "session-cookie-test-secret";
let t: TestDb;
let ann: UserActor;
beforeAll(async () => {
  t = await createTestDb();
  useDbForRoutes(t.db);
  ann = await makeUser(t.db, "sess-ann");
});
afterAll(async () => t.close());

/** What next-auth puts in the cookie at sign-in, with a session row of its own. */
async function signInCookie(user: UserActor, extra: Partial<JWT> = {}, secret = process.env.NEXTAUTH_SECRET!) {
  const sid = await startSession(t.db, user.userId, 3600);
  const token = await encode({ token: { uid: user.userId, username: user.username, signedInAt: Date.now(), sid, ...extra }, secret });
  return { sid, cookie: `next-auth.session-token=${token}` };
}

const read = (cookie: string) => callRoute(usersRoute.GET, { path: "/api/v1/users", headers: { cookie } });
const write = (cookie: string, name: string, site = "same-origin") =>
  callRoute(orgsRoute.POST, { method: "POST", path: "/api/v1/orgs", body: { name }, headers: { cookie, "sec-fetch-site": site } });

describe("a browser session on /api/v1", () => {
  it("reads and writes while the session lives (writes only from our origin)", async () => {
    const { cookie } = await signInCookie(ann);
    expect((await read(cookie)).json).toMatchObject({ username: "sess-ann" });
    expect((await write(cookie, "sess-org-1")).status).toBe(201);
    expect((await write(cookie, "sess-org-2", "cross-site")).status).toBe(401);
  });

  it("a cookie copied before sign-out is a 401 afterwards, for reads and writes", async () => {
    const { cookie, sid } = await signInCookie(ann);
    expect((await read(cookie)).status).toBe(200);
    await endSession(t.db, sid);
    expect((await read(cookie)).status).toBe(401);
    expect((await write(cookie, "sess-org-3")).status).toBe(401);
  });

  it("every session signed in before a password change is a 401 afterwards; a new sign-in works", async () => {
    const bea = await makeUser(t.db, "sess-bea");
    const a = await signInCookie(bea);
    const b = await signInCookie(bea);
    const other = await signInCookie(ann);
    await changePassword(t.db, bea, { currentPassword: PASSWORD, newPassword: "maple-orbit-2931", confirmPassword: "maple-orbit-2931" });
    for (const { cookie } of [a, b]) {
      expect((await read(cookie)).status).toBe(401);
      expect((await write(cookie, "sess-org-4")).status).toBe(401);
    }
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, bea.userId))).toEqual([]);
    // Someone else's session is untouched; bea signing in again is fine.
    expect((await read(other.cookie)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 5));
    expect((await read((await signInCookie(bea)).cookie)).json).toMatchObject({ username: "sess-bea" });
  });

  it("refuses a cookie sealed with another secret, one without a session id, and one naming another user", async () => {
    const forged = await signInCookie(ann, {}, "not-our-secret");
    expect((await read(forged.cookie)).status).toBe(401);
    const legacy = await encode({ token: { uid: ann.userId, username: ann.username, signedInAt: Date.now() }, secret: process.env.NEXTAUTH_SECRET! });
    expect((await read(`next-auth.session-token=${legacy}`)).status).toBe(401);
    const bob = await makeUser(t.db, "sess-bob");
    const { sid } = await signInCookie(bob);
    const swapped = await encode({ token: { uid: ann.userId, username: ann.username, signedInAt: Date.now(), sid }, secret: process.env.NEXTAUTH_SECRET! });
    expect((await read(`next-auth.session-token=${swapped}`)).status).toBe(401);
  });
});

describe("next-auth wiring", () => {
  it("sign-in opens a session row; sign-out deletes it", async () => {
    const opts = authOptions();
    const token = (await opts.callbacks!.jwt!({
      token: {},
      user: { id: String(ann.userId), name: ann.username },
      account: null,
      trigger: "signIn",
    } as never)) as JWT;
    expect(typeof token.sid).toBe("string");
    const cookies = [{ name: "next-auth.session-token", value: await encode({ token, secret: process.env.NEXTAUTH_SECRET! }) }];
    expect(await userFromSessionCookies(t.db, cookies)).toMatchObject({ username: "sess-ann" });
    await opts.events!.signOut!({ token, session: undefined as never });
    expect(await userFromSessionCookies(t.db, cookies)).toBeNull();
  });

  it("the redirect callback keeps same-origin targets only", async () => {
    const redirect = authOptions().callbacks!.redirect!;
    expect(await redirect({ url: "/\\evil.com", baseUrl: "http://localhost:3000" })).toBe("http://localhost:3000/");
    expect(await redirect({ url: "/acme?x=1", baseUrl: "http://localhost:3000" })).toBe("http://localhost:3000/acme?x=1");
  });
});

describe("cookie parsing", () => {
  it("joins next-auth's chunks in order and decodes the header", () => {
    const cookies = parseCookieHeader("a=1; next-auth.session-token.1=def; next-auth.session-token.0=abc; b=%20x");
    expect(sessionToken(cookies)).toBe("abcdef");
    expect(cookies.find((c) => c.name === "b")?.value).toBe(" x");
    expect(sessionToken(parseCookieHeader("__Secure-next-auth.session-token=zz"))).toBe("zz");
    expect(sessionToken(parseCookieHeader("other=1"))).toBeNull();
  });
});
