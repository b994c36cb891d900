import { api } from "@/lib/api/handler";
import { UnauthorizedError } from "@/lib/registry/errors";
import { getUserById } from "@/lib/registry/users";

/** The current user, in Polyaxon's shape: `organization` is the personal namespace. */
export const GET = api(async ({ db, actor }) => {
  if (actor.kind !== "user") throw new UnauthorizedError();
  const u = await getUserById(db, actor.userId);
  if (!u) throw new UnauthorizedError();
  return { username: u.username, email: u.email, name: u.name, kind: "user", organization: u.username };
});
