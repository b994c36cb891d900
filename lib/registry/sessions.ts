// Browser sessions kept in the database, so that signing out, or changing the password, ends them for good
// (a copied cookie stops working). The cookie (a next-auth JWT, encrypted with the app's secret) carries the
// session id; the table keeps its sha256.
import "server-only";
import crypto from "node:crypto";
import { and, eq, gt, lt, sql } from "drizzle-orm";
import type { DB } from "@/db";
import { sessions, users } from "@/db/schema";
import { publicUserColumns, type PublicUser } from "./users";

const hashSid = (sid: string) => crypto.createHash("sha256").update(sid).digest("hex");

/** Opens a session for `userId` (at sign-in) and returns its id for the cookie; drops the user's expired ones. */
export async function startSession(db: DB, userId: number, maxAgeSeconds: number): Promise<string> {
  const sid = crypto.randomBytes(32).toString("base64url");
  await db.transaction(async (tx) => {
    await tx.delete(sessions).where(and(eq(sessions.userId, userId), lt(sessions.expiresAt, sql`now()`)));
    await tx.insert(sessions).values({ idHash: hashSid(sid), userId, expiresAt: new Date(Date.now() + maxAgeSeconds * 1000) });
  });
  return sid;
}

/** Ends one session (sign-out). Unknown ids are ignored. */
export async function endSession(db: DB, sid: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, hashSid(sid)));
}

/** Ends every session of a user (password change); pass the transaction that changes the password. */
export async function endAllSessions(db: DB, userId: number): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export type SessionClaims = { uid: number; sid: string; signedInAt: number };

/**
 * The user a session belongs to, or null when it was ended, expired, its account is gone, or the password
 * changed after it signed in. One primary-key lookup joined to the user.
 */
export async function sessionUser(db: DB, claims: SessionClaims): Promise<PublicUser | null> {
  if (!claims.sid || !Number.isInteger(claims.uid)) return null;
  const [row] = await db
    .select({ ...publicUserColumns, passwordChangedAt: users.passwordChangedAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, hashSid(claims.sid)), eq(sessions.userId, claims.uid), gt(sessions.expiresAt, sql`now()`)))
    .limit(1);
  if (!row) return null;
  const { passwordChangedAt, ...user } = row;
  if (passwordChangedAt && !(claims.signedInAt > passwordChangedAt.getTime())) return null;
  return user;
}
