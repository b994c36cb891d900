// The current actor for pages and server actions, looked up once per request.
import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { cookies } from "next/headers";
import { getDb } from "@/db";
import { anonymous, userActor, type Actor } from "@/lib/registry/actor";
import { sessionUserById } from "@/lib/registry/users";
import { authOptions } from "./options";

/**
 * The signed-in user's row, or null. No session cookie (next-auth's `next-auth.session-token`, its
 * `__Secure-` form and its chunks `.0`, `.1` …) means nobody: next-auth is not even asked.
 */
const sessionUser = cache(async () => {
  const jar = await cookies();
  if (!jar.getAll().some((c) => c.name.includes("next-auth.session-token"))) return null;
  const session = await getServerSession(authOptions());
  const id = session?.user?.id;
  if (!id) return null;
  // A session outlives a deleted account and a password change: trust the database, not the cookie.
  return sessionUserById(await getDb(), id, session.user.signedInAt);
});

export const currentActor = cache(async (): Promise<Actor> => {
  const user = await sessionUser();
  return user ? userActor(user.id, user.username) : anonymous;
});

/** The same row currentActor was resolved from (one lookup per request for both). */
export const currentUser = cache(async () => sessionUser());
