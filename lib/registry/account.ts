// The signed-in user's own account: profile (name, email) and password. Username changes are not offered:
// the username is the name of the personal organization, the OWNER of its models' addresses.
import "server-only";
import { and, eq, ne } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { users } from "@/db/schema";
import type { Actor } from "./actor";
import { recordActivity } from "./activity";
import { ConflictError, InvalidError, UnauthorizedError, isUniqueViolation } from "./errors";
import { hashPassword, verifyPassword } from "./passwords";
import { assertPasswordPolicy } from "./password-policy";
import { personalOrgId } from "./personal-org";
import { LIMITS, check, hit, reset } from "./rate-limit";
import { endAllSessions } from "./sessions";
import { parse } from "./validate";
import { signUpSchema, type PublicUser, publicUserColumns } from "./users";

export const profileSchema = z.object({
  name: signUpSchema.shape.name,
  email: signUpSchema.shape.email,
});

export const passwordChangeSchema = z
  .object({
    currentPassword: z.string().min(1, "is required").max(256, "must be at most 256 characters"),
    newPassword: signUpSchema.shape.password,
    confirmPassword: z.string().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.confirmPassword !== undefined && v.confirmPassword !== v.newPassword) {
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "does not match the new password" });
    }
    if (v.newPassword === v.currentPassword) {
      ctx.addIssue({ code: "custom", path: ["newPassword"], message: "must differ from the current password" });
    }
  });

function signedIn(actor: Actor, what: string) {
  if (actor.kind !== "user") throw new UnauthorizedError(`Sign in to ${what}.`);
  return actor;
}

const emailTaken = () => ConflictError.field("email", "An account with this email already exists.");

/** Changes the caller's display name and email. */
export async function updateProfile(db: DB, actor: Actor, input: unknown): Promise<PublicUser> {
  const me = signedIn(actor, "change your profile");
  const data = parse(profileSchema, input);
  try {
    return await db.transaction(async (tx) => {
      const [taken] = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.email, data.email), ne(users.id, me.userId)))
        .limit(1);
      if (taken) throw emailTaken();
      const [user] = await tx.update(users).set({ name: data.name, email: data.email }).where(eq(users.id, me.userId)).returning(publicUserColumns);
      if (!user) throw new UnauthorizedError("Your account no longer exists.");
      await recordActivity(tx, { orgId: await personalOrgId(tx, me.userId), actorId: me.userId, verb: "user.profile_updated", target: user.username });
      return user;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw emailTaken();
    throw err;
  }
}

/**
 * Changes the caller's password after checking the current one. Wrong current passwords are limited per account
 * like sign-in failures (a stolen session cannot guess the password faster than sign-in), on a counter of their
 * own: they never lock anyone out of signing in.
 * Every browser session signed in before the change stops working (this one too: the caller signs in again);
 * access tokens stay valid (revoke them on the tokens page).
 */
export async function changePassword(db: DB, actor: Actor, input: unknown): Promise<void> {
  const me = signedIn(actor, "change your password");
  const data = parse(passwordChangeSchema, input);
  const [row] = await db
    .select({ username: users.username, email: users.email, name: users.name, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, me.userId))
    .limit(1);
  if (!row) throw new UnauthorizedError("Your account no longer exists.");
  const key = `password-change:fail:user:${me.userId}`;
  await check(db, key, LIMITS.passwordChangeFailures(), "Too many failed attempts for this account; try again later.");
  if (!(await verifyPassword(data.currentPassword, row.passwordHash))) {
    await hit(db, key, { ...LIMITS.passwordChangeFailures(), limit: Number.MAX_SAFE_INTEGER }, "");
    throw InvalidError.field("currentPassword", "is not your current password");
  }
  await reset(db, key);
  assertPasswordPolicy(data.newPassword, row, "newPassword");
  const passwordHash = await hashPassword(data.newPassword);
  await db.transaction(async (tx) => {
    // The app's clock, like the sessions' sign-in times it is compared with (lib/auth/options.ts).
    await tx.update(users).set({ passwordHash, passwordChangedAt: new Date() }).where(eq(users.id, me.userId));
    await endAllSessions(tx, me.userId);
    await recordActivity(tx, { orgId: await personalOrgId(tx, me.userId), actorId: me.userId, verb: "user.password_changed", target: row.username });
  });
}
