// The current actor for pages and server actions, looked up once per request.
import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { getDb } from "@/db";
import { anonymous, userActor, type Actor } from "@/lib/registry/actor";
import { getUserById } from "@/lib/registry/users";
import { authOptions } from "./options";

export const currentActor = cache(async (): Promise<Actor> => {
  const session = await getServerSession(authOptions());
  const id = session?.user?.id;
  if (!id) return anonymous;
  // A session outlives a deleted account: trust the database, not the cookie.
  const user = await getUserById(await getDb(), id);
  return user ? userActor(user.id, user.username) : anonymous;
});

export const currentUser = cache(async () => {
  const actor = await currentActor();
  return actor.kind === "user" ? getUserById(await getDb(), actor.userId) : null;
});
