// The account page's rules: profile changes, and password changes that need the current password.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { activities } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { anonymous, type Actor } from "./actor";
import { changePassword, updateProfile } from "./account";
import { ConflictError, InvalidError, RateLimitedError, UnauthorizedError } from "./errors";
import { sessionUser, startSession } from "./sessions";
import { signUp, verifyCredentials } from "./users";

let t: TestDb;
let ada: Actor;
let adaId: number;
const PASSWORD = "first-password-1";

beforeAll(async () => {
  t = await createTestDb();
  const u = await signUp(t.db, anonymous, { username: "ada", email: "ada@example.com", password: PASSWORD, name: "Ada" });
  await signUp(t.db, anonymous, { username: "bea", email: "bea@example.com", password: PASSWORD });
  adaId = u.id;
  ada = { kind: "user", userId: u.id, username: "ada" } as Actor;
});
afterAll(async () => t.close());

const fieldOf = (e: unknown) => Object.keys((e as InvalidError).fieldErrors ?? {});

describe("profile", () => {
  it("changes name and email, normalised, and records it", async () => {
    const u = await updateProfile(t.db, ada, { name: "  Ada Lovelace ", email: "ADA.L@Example.com" });
    expect(u).toMatchObject({ username: "ada", name: "Ada Lovelace", email: "ada.l@example.com" });
    const acts = await t.db
      .select()
      .from(activities)
      .where(and(eq(activities.verb, "user.profile_updated"), eq(activities.actorId, adaId)));
    expect(acts).toHaveLength(1);
  });

  it("refuses another account's email (409 on the field), a bad email (400) and signed-out callers (401)", async () => {
    await expect(updateProfile(t.db, ada, { name: "", email: "bea@example.com" })).rejects.toSatisfy(
      (e) => e instanceof ConflictError && fieldOf(e).includes("email"),
    );
    await expect(updateProfile(t.db, ada, { name: "", email: "not-an-email" })).rejects.toSatisfy(
      (e) => e instanceof InvalidError && fieldOf(e).includes("email"),
    );
    await expect(updateProfile(t.db, ada, { name: "x".repeat(101), email: "ada@example.com" })).rejects.toSatisfy(
      (e) => e instanceof InvalidError && fieldOf(e).includes("name"),
    );
    await expect(updateProfile(t.db, anonymous, { name: "", email: "a@example.com" })).rejects.toBeInstanceOf(UnauthorizedError);
  });
});

describe("password", () => {
  it("needs the current password, a long enough new one that differs and is confirmed", async () => {
    const base = { currentPassword: PASSWORD, newPassword: "second-password-2", confirmPassword: "second-password-2" };
    await expect(changePassword(t.db, ada, { ...base, currentPassword: "wrong-password" })).rejects.toSatisfy(
      (e) => e instanceof InvalidError && fieldOf(e).includes("currentPassword"),
    );
    await expect(changePassword(t.db, ada, { ...base, newPassword: "short", confirmPassword: "short" })).rejects.toSatisfy((e) =>
      fieldOf(e).includes("newPassword"),
    );
    await expect(changePassword(t.db, ada, { ...base, newPassword: "password1234", confirmPassword: "password1234" })).rejects.toSatisfy(
      (e) => e instanceof InvalidError && fieldOf(e).includes("newPassword"),
    );
    await expect(changePassword(t.db, ada, { ...base, newPassword: "ada-maple-orbit-2931", confirmPassword: "ada-maple-orbit-2931" })).rejects.toSatisfy(
      (e) => e instanceof InvalidError && fieldOf(e).includes("newPassword"),
    );
    await expect(changePassword(t.db, ada, { ...base, confirmPassword: "other-password-3" })).rejects.toSatisfy((e) => fieldOf(e).includes("confirmPassword"));
    await expect(changePassword(t.db, ada, { ...base, newPassword: PASSWORD, confirmPassword: PASSWORD })).rejects.toSatisfy((e) =>
      fieldOf(e).includes("newPassword"),
    );
    await expect(changePassword(t.db, anonymous, base)).rejects.toBeInstanceOf(UnauthorizedError);
    // Nothing changed so far.
    await expect(verifyCredentials(t.db, { login: "ada", password: PASSWORD, ip: null })).resolves.toMatchObject({ username: "ada" });
  });

  it("changes it: the new one signs in, the old one no longer does, older browser sessions end, and it is recorded", async () => {
    const before = Date.now() - 1;
    const old = { uid: adaId, sid: await startSession(t.db, adaId, 3600), signedInAt: before };
    expect(await sessionUser(t.db, old)).toMatchObject({ username: "ada" });
    await changePassword(t.db, ada, { currentPassword: PASSWORD, newPassword: "second-password-2", confirmPassword: "second-password-2" });
    await expect(verifyCredentials(t.db, { login: "ada", password: "second-password-2", ip: null })).resolves.toMatchObject({ username: "ada" });
    await expect(verifyCredentials(t.db, { login: "ada", password: PASSWORD, ip: null })).rejects.toBeInstanceOf(UnauthorizedError);
    // A session signed in before the change is over; one signed in after it is fine; the row never leaks the hash.
    expect(await sessionUser(t.db, old)).toBeNull();
    const fresh = await sessionUser(t.db, { uid: adaId, sid: await startSession(t.db, adaId, 3600), signedInAt: Date.now() + 1 });
    expect(fresh).toMatchObject({ username: "ada" });
    expect(Object.keys(fresh!)).not.toContain("passwordHash");
    expect(Object.keys(fresh!)).not.toContain("passwordChangedAt");
    const acts = await t.db
      .select()
      .from(activities)
      .where(and(eq(activities.verb, "user.password_changed"), eq(activities.actorId, adaId)));
    expect(acts).toHaveLength(1);
  });

  it("wrong current passwords are limited per account, and do not lock sign-in", async () => {
    process.env.MODELREG_LOGIN_ACCOUNT_LIMIT = "3";
    try {
      const bad = { currentPassword: "guess-0000", newPassword: "third-password-3", confirmPassword: "third-password-3" };
      const errors: unknown[] = [];
      for (let i = 0; i < 4; i++) errors.push(await changePassword(t.db, ada, bad).catch((e) => e));
      expect(errors.at(-1)).toBeInstanceOf(RateLimitedError);
      // The right current password is refused too while the limit holds.
      const good = { ...bad, currentPassword: "second-password-2" };
      await expect(changePassword(t.db, ada, good)).rejects.toBeInstanceOf(RateLimitedError);
      // Signing in is another counter: a stolen session guessing here cannot lock the owner out.
      await expect(verifyCredentials(t.db, { login: "ada", password: "second-password-2", ip: "10.3.3.3" })).resolves.toMatchObject({ username: "ada" });
    } finally {
      delete process.env.MODELREG_LOGIN_ACCOUNT_LIMIT;
    }
  });
});
