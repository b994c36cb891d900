// The one way a browser session becomes a user, for pages, server actions and the REST API: the next-auth
// session cookie (an encrypted JWT, perhaps in chunks) is decrypted here and its session id checked against
// the database (lib/registry/sessions.ts).
import "server-only";
import { decode } from "next-auth/jwt";
import type { DB } from "@/db";
import type { PublicUser } from "@/lib/registry/users";
import { sessionUser } from "@/lib/registry/sessions";
import { sessionSecret } from "./secret";

export type CookieLike = { name: string; value: string };

const NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

/** True when the request carries a session cookie at all (then a failed check means "signed out", not "nobody"). */
export function hasSessionCookie(cookies: CookieLike[]): boolean {
  return cookies.some((c) => c.name.includes("next-auth.session-token"));
}

/** The JWT in the session cookie: whole, or joined from next-auth's chunks `<name>.0`, `<name>.1` … */
export function sessionToken(cookies: CookieLike[]): string | null {
  for (const name of NAMES) {
    const whole = cookies.find((c) => c.name === name);
    if (whole) return whole.value;
    const chunks = cookies
      .map((c) => ({ c, m: c.name.startsWith(`${name}.`) ? /^\d+$/.exec(c.name.slice(name.length + 1)) : null }))
      .filter((x) => x.m)
      .sort((a, b) => Number(a.m![0]) - Number(b.m![0]));
    if (chunks.length) return chunks.map((x) => x.c.value).join("");
  }
  return null;
}

/** The signed-in user the cookies name, or null: no cookie, a forged or expired one, or a session that ended. */
export async function userFromSessionCookies(db: DB, cookies: CookieLike[]): Promise<PublicUser | null> {
  const token = sessionToken(cookies);
  if (!token) return null;
  let claims: Awaited<ReturnType<typeof decode>>;
  try {
    claims = await decode({ token, secret: sessionSecret() });
  } catch {
    return null;
  }
  if (!claims || typeof claims.sid !== "string") return null;
  return sessionUser(db, { uid: Number(claims.uid), sid: claims.sid, signedInAt: Number(claims.signedInAt ?? 0) });
}

/** Cookies from a `Cookie:` header (route handlers get a plain Request). */
export function parseCookieHeader(header: string | null): CookieLike[] {
  if (!header) return [];
  const out: CookieLike[] = [];
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    let value = part.slice(i + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      // keep it raw
    }
    if (name) out.push({ name, value });
  }
  return out;
}
