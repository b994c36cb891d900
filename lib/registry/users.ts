// Accounts: sign-up (with the personal organization), credential checks, lookups.
import "server-only";
import { eq, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { memberships, organizations, users } from "@/db/schema";
import type { Actor } from "./actor";
import { ConflictError, UnauthorizedError, isUniqueViolation, pgConstraint } from "./errors";
import { DUMMY_HASH, hashPassword, verifyPassword } from "./passwords";
import { assertPasswordPolicy } from "./password-policy";
import { LIMITS, check, current, hit, reset, tooMany } from "./rate-limit";
import { assertStorableText, ownerSlug, parse } from "./validate";
import { recordActivity } from "./activity";

export const signUpSchema = z.object({
  username: ownerSlug,
  email: z.string().trim().toLowerCase().pipe(z.email("must be a valid email address")).pipe(z.string().max(254)),
  password: z.string().min(10, "must be at least 10 characters").max(256, "must be at most 256 characters"),
  name: z.string().trim().max(100, "must be at most 100 characters").optional().default(""),
});
export type SignUpInput = z.input<typeof signUpSchema>;

/** The columns of a user that may leave the server. Never the password hash. */
export const publicUserColumns = {
  id: users.id,
  username: users.username,
  email: users.email,
  name: users.name,
  createdAt: users.createdAt,
};
export type PublicUser = { id: number; username: string; email: string; name: string; createdAt: Date };

/**
 * Creates a user and their personal organization (same name, user as owner) in one transaction.
 * `ip` feeds the sign-up rate limit; pass null from trusted callers (seed, tests). The password policy
 * (password-policy.ts) applies unless `opts.demoSeed`: the demo accounts' password is the operator's
 * MODELREG_DEMO_PASSWORD (or a random one) and is shared by all of them, so it may contain a username.
 */
export async function signUp(db: DB, _actor: Actor, input: SignUpInput, ip: string | null = null, opts: { demoSeed?: boolean } = {}): Promise<PublicUser> {
  const data = parse(signUpSchema, input);
  const limited = "Too many sign-ups from this address.";
  const probes = ip ? `signup:email-taken:ip:${ip}` : null;
  if (ip) await hit(db, `signup:ip:${ip}`, LIMITS.signupPerIp(), limited);
  // A client that has spent its budget of "email registered" answers gets no sign-up at all (taken or not) for the window.
  if (probes) await check(db, probes, LIMITS.signupEmailProbesPerIp(), limited);
  if (!opts.demoSeed) assertPasswordPolicy(data.password, { username: data.username, email: data.email, name: data.name });
  const passwordHash = await hashPassword(data.password);
  try {
    return await insertUser(db, data, passwordHash);
  } catch (err) {
    if (probes && err instanceof ConflictError && "email" in err.fieldErrors) await hit(db, probes, LIMITS.signupEmailProbesPerIp(), limited);
    throw err;
  }
}

async function insertUser(db: DB, data: z.output<typeof signUpSchema>, passwordHash: string): Promise<PublicUser> {
  try {
    return await db.transaction(async (tx) => {
      const [taken] = await tx
        .select({ username: users.username, email: users.email })
        .from(users)
        .where(or(eq(users.username, data.username), eq(users.email, data.email)))
        .limit(1);
      if (taken?.username === data.username) throw ConflictError.field("username", "This username is taken.");
      if (taken) throw ConflictError.field("email", "An account with this email already exists.");
      const [orgTaken] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, data.username)).limit(1);
      if (orgTaken) throw ConflictError.field("username", "This username is taken.");

      const [user] = await tx.insert(users).values({ username: data.username, email: data.email, name: data.name, passwordHash }).returning(publicUserColumns);
      const [org] = await tx
        .insert(organizations)
        .values({ name: data.username, displayName: data.name || data.username, personal: true })
        .returning({ id: organizations.id });
      await tx.insert(memberships).values({ orgId: org.id, userId: user.id, role: "owner" });
      await recordActivity(tx, { orgId: org.id, actorId: user.id, verb: "user.signed_up", target: user.username });
      return user;
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      const c = pgConstraint(err) ?? "";
      if (c.includes("email")) throw ConflictError.field("email", "An account with this email already exists.");
      throw ConflictError.field("username", "This username is taken.");
    }
    throw err;
  }
}

/**
 * Checks a username-or-email and password. Rate limited per client address (every attempt) and, for failures,
 * per account and client together, so that nobody can lock another client out of an account: a client that has
 * failed `MODELREG_LOGIN_ACCOUNT_LIMIT` times on an account in 10 minutes waits, the others do not. Against many
 * clients guessing one account, a slower global limit: once the account has had
 * `MODELREG_LOGIN_ACCOUNT_GLOBAL_LIMIT` failures in an hour, a client that has failed on it gets no further try
 * until its own 10 minutes are over (one guess per client per account per 10 minutes), while a client with no
 * failure (the owner at their usual address) still signs in. Wrong login and wrong password answer the same.
 * `ip` null: a trusted in-process caller (tests), counted as one client.
 */
export async function verifyCredentials(db: DB, input: { login: string; password: string; ip: string | null }): Promise<PublicUser> {
  const login = String(input.login ?? "")
    .trim()
    .toLowerCase();
  const password = String(input.password ?? "");
  // The login names a rate-limit key and a lookup: text PostgreSQL refuses is a 400, not a driver error.
  assertStorableText("login", login);
  if (input.ip) await hit(db, `login:ip:${input.ip}`, LIMITS.loginPerIp(), "Too many sign-in attempts from this address.");
  const [row] = login
    ? await db
        .select({ ...publicUserColumns, passwordHash: users.passwordHash })
        .from(users)
        .where(login.includes("@") ? eq(users.email, login) : eq(users.username, login))
        .limit(1)
    : [];
  // One account whichever name it is reached by (username or email); unknown names by what was typed.
  const account = row ? `user:${row.id}` : `name:${login}`;
  const clientKey = `login:fail:${account}:${input.ip ?? "local"}`;
  const accountKey = `login:fail:${account}`;
  const perClient = LIMITS.loginFailuresPerAccount();
  const global = LIMITS.loginFailuresPerAccountGlobal();
  const [mine, all] = await Promise.all([current(db, clientKey, perClient), current(db, accountKey, global)]);
  if (mine.windowStart && mine.count >= perClient.limit) {
    throw tooMany("Too many failed sign-ins for this account from this address.", mine.windowStart, perClient.windowSeconds);
  }
  if (mine.windowStart && mine.count > 0 && all.count >= global.limit) {
    throw tooMany("This account has had many failed sign-ins; after a failed attempt, wait before the next.", mine.windowStart, perClient.windowSeconds);
  }
  const ok = await verifyPassword(password, row?.passwordHash ?? DUMMY_HASH);
  if (!row || !ok) {
    await hit(db, clientKey, { ...perClient, limit: Number.MAX_SAFE_INTEGER }, "");
    await hit(db, accountKey, { ...global, limit: Number.MAX_SAFE_INTEGER }, "");
    throw new UnauthorizedError("Incorrect username or password.");
  }
  if (mine.count > 0) await reset(db, clientKey);
  const { passwordHash: _omit, ...user } = row;
  return user;
}

export async function getUserById(db: DB, id: number): Promise<PublicUser | null> {
  const [u] = await db.select(publicUserColumns).from(users).where(eq(users.id, id)).limit(1);
  return u ?? null;
}

/** Finds a user by username or email (for adding members and grants). */
export async function findUser(db: DB, usernameOrEmail: string): Promise<PublicUser | null> {
  const v = usernameOrEmail.trim().toLowerCase();
  if (!v) return null;
  const [u] = await db
    .select(publicUserColumns)
    .from(users)
    .where(v.includes("@") ? eq(users.email, v) : eq(users.username, v))
    .limit(1);
  return u ?? null;
}

export type UserProfile = { username: string; email: string; name: string; organization: string };

/**
 * The signed-in user as Polyaxon's clients expect it (GET /api/v1/users): `organization` is their
 * personal organization, the default owner for `-p NAME`.
 */
export async function getUserProfile(db: DB, actor: Actor): Promise<UserProfile> {
  if (actor.kind !== "user") throw new UnauthorizedError();
  const [row] = await db
    .select({
      username: users.username,
      email: users.email,
      name: users.name,
      // Spelled out: drizzle leaves columns unqualified in the select list of a one-table query,
      // which would silently bind a subquery's "id" to the wrong table.
      organization: sql<string | null>`(select o.name from organizations o join memberships m on m.org_id = o.id
        where m.user_id = "users"."id" and o.personal and m.role = 'owner' limit 1)`,
    })
    .from(users)
    .where(eq(users.id, actor.userId))
    .limit(1);
  if (!row) throw new UnauthorizedError("This account no longer exists.");
  return { ...row, organization: row.organization ?? row.username };
}
