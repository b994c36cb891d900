// HTTP Basic credentials (MLFLOW_TRACKING_USERNAME / MLFLOW_TRACKING_PASSWORD) → an actor: the password is an
// access token (mr_…) of that user, or the account's password under the sign-in rate limits (verifyCredentials).
import "server-only";
import type { DB } from "@/db";
import { clientIp } from "@/lib/auth/ip";
import { userActor, type UserActor } from "@/lib/registry/actor";
import { UnauthorizedError } from "@/lib/registry/errors";
import { authenticateToken } from "@/lib/registry/tokens";
import { findUser, verifyCredentials } from "@/lib/registry/users";

/** `Basic base64(user:pass)` → {username, password}; null when the header is not Basic; malformed → 401. */
export function parseBasic(header: string | null): { username: string; password: string } | null {
  if (!header) return null;
  const m = /^basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!m) {
    if (/^basic(\s|$)/i.test(header)) throw new UnauthorizedError("Malformed Basic credentials: send base64(username:password).");
    return null;
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(m[1], "base64"));
  } catch {
    throw new UnauthorizedError("Malformed Basic credentials: they must be UTF-8.");
  }
  const colon = text.indexOf(":");
  if (colon < 0) throw new UnauthorizedError("Malformed Basic credentials: send base64(username:password).");
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

export const looksLikeToken = (password: string) => /^mr_[A-Za-z0-9_-]{20,}$/.test(password);

/**
 * The user behind Basic credentials. A token must belong to the user named (by username or email), so a
 * leaked token cannot be presented under another name; a password goes through the sign-in check and its limits.
 */
export async function actorFromBasic(db: DB, req: Request, creds: { username: string; password: string }): Promise<UserActor> {
  const username = creds.username.trim();
  if (!username || !creds.password) throw new UnauthorizedError("Basic credentials need a username and a password (or an access token as the password).");
  if (looksLikeToken(creds.password)) {
    const actor = await authenticateToken(db, creds.password);
    const named = await findUser(db, username);
    if (!named || named.id !== actor.userId) throw new UnauthorizedError("This access token belongs to another user than the username given.");
    return actor;
  }
  const user = await verifyCredentials(db, { login: username, password: creds.password, ip: clientIp(req.headers) });
  return userActor(user.id, user.username);
}
