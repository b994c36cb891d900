// The current actor for pages and server actions, looked up once per request.
import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { getDb } from "@/db";
import { anonymous, userActor, type Actor } from "@/lib/registry/actor";
import { hasSessionCookie, userFromSessionCookies } from "./session-cookie";

/**
 * The signed-in user's row, or null. No session cookie means nobody (nothing is decrypted or looked up); a
 * cookie whose session ended (signed out, password changed, account deleted) means nobody too.
 */
const sessionUser = cache(async () => {
  const jar = (await cookies()).getAll();
  if (!hasSessionCookie(jar)) return null;
  return userFromSessionCookies(await getDb(), jar);
});

export const currentActor = cache(async (): Promise<Actor> => {
  const user = await sessionUser();
  return user ? userActor(user.id, user.username) : anonymous;
});

/** The same row currentActor was resolved from (one lookup per request for both). */
export const currentUser = cache(async () => sessionUser());
