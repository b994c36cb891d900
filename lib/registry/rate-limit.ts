// Fixed-window rate limits kept in the database, so they hold across any number of web processes.
import "server-only";
import { and, eq, gt, sql } from "drizzle-orm";
import type { DB } from "@/db";
import { rateLimits } from "@/db/schema";
import { RateLimitedError } from "./errors";

export type Limit = { limit: number; windowSeconds: number };

const envInt = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

/** Limits in force; the environment may raise them (an e2e suite signs in often from one address). */
export const LIMITS = {
  loginPerIp: (): Limit => ({ limit: envInt("MODELREG_LOGIN_IP_LIMIT", 300), windowSeconds: 600 }),
  /** Failed sign-ins on one account from one client address: over it, that client waits; others do not. */
  loginFailuresPerAccount: (): Limit => ({ limit: envInt("MODELREG_LOGIN_ACCOUNT_LIMIT", 10), windowSeconds: 600 }),
  /**
   * Failed sign-ins on one account from all clients together. Over it the account is "under attack": a client
   * that has already failed on it in its window gets no more tries until the window ends (one guess per client
   * per account per 10 minutes), while a client that has not failed still signs in.
   */
  loginFailuresPerAccountGlobal: (): Limit => ({ limit: envInt("MODELREG_LOGIN_ACCOUNT_GLOBAL_LIMIT", 100), windowSeconds: 3600 }),
  /** Wrong current passwords on the password-change form, per account (the caller is already signed in). */
  passwordChangeFailures: (): Limit => ({ limit: envInt("MODELREG_LOGIN_ACCOUNT_LIMIT", 10), windowSeconds: 600 }),
  signupPerIp: (): Limit => ({ limit: envInt("MODELREG_SIGNUP_IP_LIMIT", 30), windowSeconds: 3600 }),
  /**
   * Sign-ups refused because the email is registered, per client address. A sign-up signs in at once (there is no
   * mail to confirm an address), so "this email has an account" cannot be hidden from the form; this bounds what
   * probing it can learn: over the budget, every sign-up from that client is refused alike for the window.
   */
  signupEmailProbesPerIp: (): Limit => ({ limit: envInt("MODELREG_SIGNUP_EMAIL_PROBE_LIMIT", 5), windowSeconds: 3600 }),
};

/** Counts one hit on `key`; throws RateLimitedError once the window holds more than `limit`. */
export async function hit(db: DB, key: string, { limit, windowSeconds }: Limit, message: string): Promise<void> {
  const expired = sql`${rateLimits.windowStart} < now() - make_interval(secs => ${windowSeconds})`;
  const [row] = await db
    .insert(rateLimits)
    .values({ key, windowStart: sql`now()`, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${expired} then 1 else ${rateLimits.count} + 1 end`,
        windowStart: sql`case when ${expired} then now() else ${rateLimits.windowStart} end`,
      },
    })
    .returning({ count: rateLimits.count, windowStart: rateLimits.windowStart });
  if (row.count > limit) throw tooMany(message, row.windowStart, windowSeconds);
}

/** Throws when `key` is already over its limit, without counting a hit. */
export async function check(db: DB, key: string, { limit, windowSeconds }: Limit, message: string): Promise<void> {
  const [row] = await db
    .select({ count: rateLimits.count, windowStart: rateLimits.windowStart })
    .from(rateLimits)
    .where(and(eq(rateLimits.key, key), gt(rateLimits.windowStart, sql`now() - make_interval(secs => ${windowSeconds})`)));
  if (row && row.count >= limit) throw tooMany(message, row.windowStart, windowSeconds);
}

/** The count in `key`'s current window (0 when none or expired), without counting a hit. */
export async function current(db: DB, key: string, { windowSeconds }: Limit): Promise<{ count: number; windowStart: Date | null }> {
  const [row] = await db
    .select({ count: rateLimits.count, windowStart: rateLimits.windowStart })
    .from(rateLimits)
    .where(and(eq(rateLimits.key, key), gt(rateLimits.windowStart, sql`now() - make_interval(secs => ${windowSeconds})`)));
  return row ?? { count: 0, windowStart: null };
}

export { tooMany };

export async function reset(db: DB, key: string): Promise<void> {
  await db.delete(rateLimits).where(eq(rateLimits.key, key));
}

function tooMany(message: string, windowStart: Date, windowSeconds: number): RateLimitedError {
  const retry = Math.max(1, Math.ceil((windowStart.getTime() + windowSeconds * 1000 - Date.now()) / 1000));
  const minutes = Math.ceil(retry / 60);
  return new RateLimitedError(`${message} Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, retry);
}
