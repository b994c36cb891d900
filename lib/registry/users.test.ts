import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { memberships, organizations, users } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { anonymous } from "./actor";
import { ConflictError, InvalidError, RateLimitedError, UnauthorizedError } from "./errors";
import { listMyOrganizations } from "./orgs";
import { signUp, verifyCredentials } from "./users";
import { userActor } from "./actor";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.close();
});

const good = { username: "ada", email: "Ada@Example.com", password: "long-enough-pw", name: "Ada L" };

describe("signUp", () => {
  it("creates the user and their personal organization, owned by them", async () => {
    const user = await signUp(t.db, anonymous, good);
    expect(user).toMatchObject({ username: "ada", email: "ada@example.com", name: "Ada L" });
    expect(user).not.toHaveProperty("passwordHash");
    const orgs = await listMyOrganizations(t.db, userActor(user.id, user.username));
    expect(orgs).toEqual([expect.objectContaining({ name: "ada", personal: true, role: "owner" })]);
  });

  it("stores a hash, not the password", async () => {
    const [row] = await t.db.select().from(users).where(eq(users.username, "ada"));
    expect(row.passwordHash).not.toContain("long-enough-pw");
    expect(row.passwordHash).toMatch(/^\$2[aby]\$/);
  });

  it.each([
    [{ ...good, username: "x" }, "username"],
    [{ ...good, username: "a".repeat(40) }, "username"],
    [{ ...good, username: "-ada" }, "username"],
    [{ ...good, username: "Has Space" }, "username"],
    [{ ...good, username: "settings" }, "username"],
    [{ ...good, username: "api" }, "username"],
    [{ ...good, email: "not-an-email" }, "email"],
    [{ ...good, password: "short" }, "password"],
    [{ ...good, password: "password1234" }, "password"],
    [{ ...good, password: "qwerty123456" }, "password"],
    [{ ...good, username: "adams", password: "adams-long-enough-pw" }, "password"],
  ])("refuses %o with a field error on %s", async (input, field) => {
    const err = await signUp(t.db, anonymous, input).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidError);
    expect(Object.keys((err as InvalidError).fieldErrors)).toContain(field);
  });

  it("refuses a taken username or email, and leaves nothing half-created", async () => {
    const before = await t.db.select({ id: organizations.id }).from(organizations);
    const dupName = await signUp(t.db, anonymous, { ...good, email: "other@example.com" }).catch((e) => e);
    expect(dupName).toBeInstanceOf(ConflictError);
    expect(dupName.fieldErrors.username).toBeDefined();
    const dupEmail = await signUp(t.db, anonymous, { ...good, username: "ada2", email: "ADA@example.com" }).catch((e) => e);
    expect(dupEmail).toBeInstanceOf(ConflictError);
    expect(dupEmail.fieldErrors.email).toBeDefined();
    const after = await t.db.select({ id: organizations.id }).from(organizations);
    expect(after.length).toBe(before.length);
    expect(await t.db.select().from(users).where(eq(users.username, "ada2"))).toEqual([]);
  });

  it("the demo seed may set a password the policy refuses (its shared MODELREG_DEMO_PASSWORD)", async () => {
    const u = await signUp(t.db, anonymous, { username: "demo", email: "demo@example.com", password: "demo-password-123" }, null, { demoSeed: true });
    expect(u.username).toBe("demo");
    const err = await signUp(t.db, anonymous, { username: "demo2", email: "demo2@example.com", password: "demo2-password-123" }).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidError);
  });

  it("refuses a username equal to an existing organization name", async () => {
    await t.db.insert(organizations).values({ name: "bigco" });
    const err = await signUp(t.db, anonymous, { ...good, username: "bigco", email: "b@example.com" }).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictError);
  });

  it("rate limits sign-ups per address", async () => {
    process.env.MODELREG_SIGNUP_IP_LIMIT = "2";
    try {
      await signUp(t.db, anonymous, { ...good, username: "r1", email: "r1@example.com" }, "10.9.9.9");
      await signUp(t.db, anonymous, { ...good, username: "r2", email: "r2@example.com" }, "10.9.9.9");
      const err = await signUp(t.db, anonymous, { ...good, username: "r3", email: "r3@example.com" }, "10.9.9.9").catch((e) => e);
      expect(err).toBeInstanceOf(RateLimitedError);
      expect(err.message).toMatch(/Try again in/);
      await expect(signUp(t.db, anonymous, { ...good, username: "r4", email: "r4@example.com" }, "10.9.9.10")).resolves.toBeTruthy();
    } finally {
      delete process.env.MODELREG_SIGNUP_IP_LIMIT;
    }
  });
});

describe("sign-up and registered emails", () => {
  it("answers at most a few 'email registered' per client address, then refuses every sign-up from it alike", async () => {
    process.env.MODELREG_SIGNUP_EMAIL_PROBE_LIMIT = "2";
    try {
      await signUp(t.db, anonymous, { ...good, username: "owner1", email: "taken@example.com" }, null);
      for (const n of [1, 2]) {
        const err = await signUp(t.db, anonymous, { ...good, username: `probe${n}`, email: "taken@example.com" }, "10.7.7.7").catch((e) => e);
        expect(err).toBeInstanceOf(ConflictError);
        expect(err.fieldErrors.email).toBeTruthy();
      }
      // The budget is spent: a registered email and a fresh one now get the same refusal, so probing learns nothing more.
      const taken = await signUp(t.db, anonymous, { ...good, username: "probe3", email: "taken@example.com" }, "10.7.7.7").catch((e) => e);
      const fresh = await signUp(t.db, anonymous, { ...good, username: "probe4", email: "fresh@example.com" }, "10.7.7.7").catch((e) => e);
      expect(taken).toBeInstanceOf(RateLimitedError);
      expect(fresh).toBeInstanceOf(RateLimitedError);
      expect(taken.message).toBe(fresh.message);
      // Another client is not affected, and a taken username does not spend the budget.
      await expect(signUp(t.db, anonymous, { ...good, username: "probe5", email: "p5@example.com" }, "10.7.7.8")).resolves.toBeTruthy();
      for (let i = 0; i < 3; i++) {
        const err = await signUp(t.db, anonymous, { ...good, username: "owner1", email: `u${i}@example.com` }, "10.7.7.9").catch((e) => e);
        expect(err).toBeInstanceOf(ConflictError);
      }
    } finally {
      delete process.env.MODELREG_SIGNUP_EMAIL_PROBE_LIMIT;
    }
  });
});

describe("verifyCredentials", () => {
  it("accepts the username or the email, any case", async () => {
    await expect(verifyCredentials(t.db, { login: "ADA", password: good.password, ip: null })).resolves.toMatchObject({ username: "ada" });
    await expect(verifyCredentials(t.db, { login: "ada@example.com", password: good.password, ip: null })).resolves.toMatchObject({ username: "ada" });
  });

  it("refuses a wrong password and an unknown user alike", async () => {
    const a = await verifyCredentials(t.db, { login: "ada", password: "wrong-password", ip: null }).catch((e) => e);
    const b = await verifyCredentials(t.db, { login: "nobody", password: "wrong-password", ip: null }).catch((e) => e);
    expect(a).toBeInstanceOf(UnauthorizedError);
    expect(b).toBeInstanceOf(UnauthorizedError);
    expect(a.message).toBe(b.message);
  });

  it("stops a client that keeps failing on an account, even with the right password, and no other client", async () => {
    process.env.MODELREG_LOGIN_ACCOUNT_LIMIT = "3";
    try {
      await signUp(t.db, anonymous, { username: "eve", email: "eve@example.com", password: "violet-lantern-77" });
      for (let i = 0; i < 3; i++) {
        await expect(verifyCredentials(t.db, { login: "eve", password: "nope-nope-nope", ip: "10.6.6.6" })).rejects.toBeInstanceOf(UnauthorizedError);
      }
      // The attacker at A: refused, right password or not, and by the email as well (one account).
      await expect(verifyCredentials(t.db, { login: "eve", password: "violet-lantern-77", ip: "10.6.6.6" })).rejects.toBeInstanceOf(RateLimitedError);
      await expect(verifyCredentials(t.db, { login: "eve@example.com", password: "nope-nope-nope", ip: "10.6.6.6" })).rejects.toBeInstanceOf(RateLimitedError);
      // Eve at B, who has not failed, signs in.
      await expect(verifyCredentials(t.db, { login: "eve", password: "violet-lantern-77", ip: "10.7.7.7" })).resolves.toMatchObject({ username: "eve" });
    } finally {
      delete process.env.MODELREG_LOGIN_ACCOUNT_LIMIT;
    }
  });

  it("a success clears the client's failures on the account", async () => {
    process.env.MODELREG_LOGIN_ACCOUNT_LIMIT = "3";
    try {
      await signUp(t.db, anonymous, { username: "fay", email: "fay@example.com", password: "amber-compass-42" });
      const attempt = (password: string) => verifyCredentials(t.db, { login: "fay", password, ip: "10.8.8.8" });
      await expect(attempt("typo-typo-typo")).rejects.toBeInstanceOf(UnauthorizedError);
      await expect(attempt("typo-typo-typo")).rejects.toBeInstanceOf(UnauthorizedError);
      await expect(attempt("amber-compass-42")).resolves.toBeTruthy();
      await expect(attempt("typo-typo-typo")).rejects.toBeInstanceOf(UnauthorizedError);
      await expect(attempt("typo-typo-typo")).rejects.toBeInstanceOf(UnauthorizedError);
      await expect(attempt("amber-compass-42")).resolves.toBeTruthy();
    } finally {
      delete process.env.MODELREG_LOGIN_ACCOUNT_LIMIT;
    }
  });

  it("many clients failing on one account: the slower global backoff stops each after one failure, not the owner", async () => {
    process.env.MODELREG_LOGIN_ACCOUNT_LIMIT = "5";
    process.env.MODELREG_LOGIN_ACCOUNT_GLOBAL_LIMIT = "4";
    try {
      await signUp(t.db, anonymous, { username: "gus", email: "gus@example.com", password: "cobalt-harbor-19" });
      const attempt = (password: string, ip: string) => verifyCredentials(t.db, { login: "gus", password, ip });
      // Below the global limit, a client may fail more than once.
      await expect(attempt("guess-0001", "10.0.1.1")).rejects.toBeInstanceOf(UnauthorizedError);
      await expect(attempt("guess-0002", "10.0.1.1")).rejects.toBeInstanceOf(UnauthorizedError);
      await expect(attempt("guess-0003", "10.0.1.2")).rejects.toBeInstanceOf(UnauthorizedError);
      await expect(attempt("guess-0004", "10.0.1.3")).rejects.toBeInstanceOf(UnauthorizedError);
      // Four failures on the account: each client that failed is now held off (per-client count 1–2 < 5).
      await expect(attempt("guess-0005", "10.0.1.2")).rejects.toBeInstanceOf(RateLimitedError);
      await expect(attempt("cobalt-harbor-19", "10.0.1.3")).rejects.toBeInstanceOf(RateLimitedError);
      // A new client still gets its one try, and the owner, who has not failed, signs in.
      await expect(attempt("guess-0006", "10.0.1.4")).rejects.toBeInstanceOf(UnauthorizedError);
      await expect(attempt("guess-0007", "10.0.1.4")).rejects.toBeInstanceOf(RateLimitedError);
      await expect(attempt("cobalt-harbor-19", "10.0.2.1")).resolves.toMatchObject({ username: "gus" });
      // Another account is not affected.
      await expect(verifyCredentials(t.db, { login: "ada", password: "wrong-password", ip: "10.0.1.2" })).rejects.toBeInstanceOf(UnauthorizedError);
    } finally {
      delete process.env.MODELREG_LOGIN_ACCOUNT_LIMIT;
      delete process.env.MODELREG_LOGIN_ACCOUNT_GLOBAL_LIMIT;
    }
  });

  it("rate limits attempts per address", async () => {
    process.env.MODELREG_LOGIN_IP_LIMIT = "2";
    try {
      await verifyCredentials(t.db, { login: "ada", password: good.password, ip: "10.1.1.1" });
      await verifyCredentials(t.db, { login: "ada", password: good.password, ip: "10.1.1.1" });
      await expect(verifyCredentials(t.db, { login: "ada", password: good.password, ip: "10.1.1.1" })).rejects.toBeInstanceOf(RateLimitedError);
    } finally {
      delete process.env.MODELREG_LOGIN_IP_LIMIT;
    }
  });

  it("database constraints hold even without the registry's checks", async () => {
    const [m] = await t.db.select().from(memberships).limit(1);
    await expect(t.db.insert(memberships).values({ ...m })).rejects.toThrow();
    await expect(t.db.insert(organizations).values({ name: "Bad Name!" })).rejects.toThrow();
  });
});
