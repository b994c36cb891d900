// The organization of its home page (the models list), or the 404 page: loaded once per request, by
// the layout first — outside the loading boundary, so that a missing or invisible organization is a
// real 404 status and not a 200 streamed around the skeleton — and then by the page.
import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { registryDb } from "@/lib/registry/request";
import { currentActor } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/registry/errors";
import { getOrganization } from "@/lib/registry/orgs";

export const loadOrgHome = cache(async (owner: string) => {
  const [db, actor] = await Promise.all([registryDb(), currentActor()]);
  const org = await getOrganization(db, actor, owner).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  return { db, actor, org };
});
