import { api } from "@/lib/api/handler";
import { requestWire } from "@/lib/api/openapi/aliases";
import { UnauthorizedError } from "@/lib/registry/errors";
import { listRequests } from "@/lib/registry/inbox";

/** The inbox: pending stage and alias requests the caller may decide, then the caller's own with their outcome. */
export const GET = api(async ({ db, actor }) => {
  if (actor.kind !== "user") throw new UnauthorizedError("Sign in to see your requests.");
  const items = await listRequests(db, actor);
  return { count: items.length, results: items.map(requestWire) };
});
