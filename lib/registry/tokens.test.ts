// Personal access tokens: shown once, stored hashed, revocable, expiring; exchanged for a password.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { activities, apiTokens } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { PASSWORD, makeUser } from "@/lib/testing/fixtures";
import { anonymous } from "./actor";
import { ConflictError, InvalidError, NotFoundError, RateLimitedError, UnauthorizedError } from "./errors";
import { authenticateToken, createToken, issueTokenForCredentials, listTokens, revokePresentedToken, revokeToken } from "./tokens";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.close());

describe("tokens", () => {
  it("is random, shown once, stored as its sha256 only, and authenticates its user", async () => {
    const u = await makeUser(t.db, "tok-a");
    const { token, info } = await createToken(t.db, u, { name: "laptop" });
    expect(token).toMatch(/^mr_[A-Za-z0-9_-]{40,}$/);
    const [row] = await t.db.select().from(apiTokens).where(eq(apiTokens.id, info.id));
    expect(row.tokenHash).toBe(crypto.createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(info.prefix).toBe(token.slice(0, 10));
    expect(await authenticateToken(t.db, token)).toMatchObject({ userId: u.userId, username: "tok-a" });
    const listed = await listTokens(t.db, u);
    expect(listed).toEqual([expect.objectContaining({ name: "laptop", prefix: info.prefix })]);
    expect(JSON.stringify(listed)).not.toContain(token);
    // recorded in the user's personal log, without the token
    const log = await t.db.select().from(activities).where(eq(activities.verb, "token.created"));
    expect(log.some((r) => r.target === "laptop")).toBe(true);
    expect(JSON.stringify(log)).not.toContain(token);
    expect((await createToken(t.db, u, { name: "again" })).token).not.toBe(token);
  });

  it("a revoked token is refused; only its owner can revoke it", async () => {
    const u = await makeUser(t.db, "tok-b");
    const other = await makeUser(t.db, "tok-c");
    const { token, info } = await createToken(t.db, u, { name: "ci" });
    await expect(revokeToken(t.db, other, info.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(authenticateToken(t.db, token)).resolves.toBeTruthy();
    await revokeToken(t.db, u, info.id);
    await expect(authenticateToken(t.db, token)).rejects.toBeInstanceOf(UnauthorizedError);
    expect(await listTokens(t.db, u)).toEqual([]);
  });

  it("an expired token is refused; one not yet expired works", async () => {
    const u = await makeUser(t.db, "tok-d");
    const { token, info } = await createToken(t.db, u, { name: "short", expiresInDays: 1 });
    expect(info.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
    await expect(authenticateToken(t.db, token)).resolves.toBeTruthy();
    await t.db
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiTokens.id, info.id));
    await expect(authenticateToken(t.db, token)).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it("accepts the hf_ form (hf_ + the token) for Hugging Face clients, and refuses it once revoked or expired", async () => {
    const u = await makeUser(t.db, "tok-hf");
    const { token, info } = await createToken(t.db, u, { name: "hf" });
    expect(await authenticateToken(t.db, `hf_${token}`)).toMatchObject({ userId: u.userId });
    await expect(authenticateToken(t.db, `hf_${token}x`)).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(authenticateToken(t.db, `hf_hf_${token}`)).rejects.toBeInstanceOf(UnauthorizedError);
    await t.db
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiTokens.id, info.id));
    await expect(authenticateToken(t.db, `hf_${token}`)).rejects.toBeInstanceOf(UnauthorizedError);
    const second = await createToken(t.db, u, { name: "hf2" });
    await revokePresentedToken(t.db, `hf_${second.token}`);
    await expect(authenticateToken(t.db, second.token)).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it("refuses signed-out callers, bad names and expiries", async () => {
    const u = await makeUser(t.db, "tok-e");
    await expect(createToken(t.db, anonymous, { name: "x" })).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(listTokens(t.db, anonymous)).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(createToken(t.db, u, { name: "  " })).rejects.toBeInstanceOf(InvalidError);
    await expect(createToken(t.db, u, { name: "x", expiresInDays: 0 })).rejects.toBeInstanceOf(InvalidError);
    await expect(authenticateToken(t.db, "mr_made-up")).rejects.toBeInstanceOf(UnauthorizedError);
  });
});

describe("issueTokenForCredentials (POST /api/v1/auth/token)", () => {
  it("exchanges a username or email and password for a working token", async () => {
    await makeUser(t.db, "tok-f");
    const a = await issueTokenForCredentials(t.db, { username: "tok-f", password: PASSWORD, name: "cli" }, null);
    expect(await authenticateToken(t.db, a.token)).toMatchObject({ username: "tok-f" });
    expect(a.info.name).toBe("cli");
    const b = await issueTokenForCredentials(t.db, { username: "tok-f@example.test", password: PASSWORD }, null);
    expect(b.info.name).toMatch(/^API token /);
  });

  it("a wrong password is 401 and makes no token", async () => {
    const u = await makeUser(t.db, "tok-g");
    await expect(issueTokenForCredentials(t.db, { username: "tok-g", password: "wrong-password" }, null)).rejects.toBeInstanceOf(UnauthorizedError);
    expect(await listTokens(t.db, u)).toEqual([]);
  });

  it("is rate limited like the sign-in form", async () => {
    process.env.MODELREG_LOGIN_ACCOUNT_LIMIT = "2";
    process.env.MODELREG_LOGIN_IP_LIMIT = "3";
    try {
      await makeUser(t.db, "tok-h");
      for (let i = 0; i < 2; i++) {
        await expect(issueTokenForCredentials(t.db, { username: "tok-h", password: "nope-nope" }, "10.7.0.1")).rejects.toBeInstanceOf(UnauthorizedError);
      }
      // The client that failed is held off, right password or not; another client is not (verifyCredentials).
      await expect(issueTokenForCredentials(t.db, { username: "tok-h", password: PASSWORD }, "10.7.0.1")).rejects.toBeInstanceOf(RateLimitedError);
      await expect(issueTokenForCredentials(t.db, { username: "tok-h", password: PASSWORD }, "10.7.0.2")).resolves.toHaveProperty("token");
      // Per address, every attempt counts (3 here), whichever account it names.
      for (const name of ["someone-1", "someone-2", "someone-3"]) {
        await expect(issueTokenForCredentials(t.db, { username: name, password: "x" }, "10.7.0.3")).rejects.toBeInstanceOf(UnauthorizedError);
      }
      await expect(issueTokenForCredentials(t.db, { username: "someone-4", password: "x" }, "10.7.0.3")).rejects.toBeInstanceOf(RateLimitedError);
    } finally {
      delete process.env.MODELREG_LOGIN_ACCOUNT_LIMIT;
      delete process.env.MODELREG_LOGIN_IP_LIMIT;
    }
  });

  it("revokePresentedToken revokes exactly the token presented", async () => {
    const u = await makeUser(t.db, "tok-i");
    const keep = await createToken(t.db, u, { name: "keep" });
    const drop = await createToken(t.db, u, { name: "drop" });
    await revokePresentedToken(t.db, drop.token);
    await expect(authenticateToken(t.db, drop.token)).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(authenticateToken(t.db, keep.token)).resolves.toBeTruthy();
    await expect(revokePresentedToken(t.db, drop.token)).rejects.toBeInstanceOf(UnauthorizedError);
  });
});

describe("token names", () => {
  it("are unique per user, whatever the case: a second 'CI' is a conflict on `name` and nothing is created", async () => {
    const u = await makeUser(t.db, "tok-names");
    await createToken(t.db, u, { name: "CI" });
    for (const name of ["CI", "ci", "  Ci "]) {
      const err = await createToken(t.db, u, { name }).catch((e) => e);
      expect(err, name).toBeInstanceOf(ConflictError);
      expect(err.fieldErrors.name[0]).toMatch(/already have a token named/);
    }
    expect((await listTokens(t.db, u)).map((x) => x.name)).toEqual(["CI"]);
    // revoked, the name is free again; another user may use it all along
    await revokeToken(t.db, u, (await listTokens(t.db, u))[0].id);
    await createToken(t.db, u, { name: "ci" });
    await createToken(t.db, await makeUser(t.db, "tok-names2"), { name: "CI" });
  });

  it("by password: a chosen name taken is a 409 on `name`; the default one is numbered instead", async () => {
    const u = await makeUser(t.db, "tok-names3");
    await issueTokenForCredentials(t.db, { username: "tok-names3", password: PASSWORD, name: "laptop" }, null);
    const err = await issueTokenForCredentials(t.db, { username: "tok-names3", password: PASSWORD, name: "Laptop" }, null).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(Object.keys(err.fieldErrors)).toEqual(["name"]);
    const a = await issueTokenForCredentials(t.db, { username: "tok-names3", password: PASSWORD }, null);
    const b = await issueTokenForCredentials(t.db, { username: "tok-names3", password: PASSWORD }, null);
    expect(a.info.name).toMatch(/^API token \d{4}-\d\d-\d\d \d\d:\d\d$/);
    // within the same minute the second is "… (2)"; a minute later both are plain and still distinct
    expect(b.info.name).not.toBe(a.info.name);
    expect(new Set((await listTokens(t.db, u)).map((x) => x.name.toLowerCase())).size).toBe(3);
  });
});
