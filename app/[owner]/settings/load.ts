// The organization of a settings page, or the 404 page. Checked here as well as in the layout:
// Next renders a page alongside its layout, so each page must not run for outsiders either.
import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { registryDb } from "@/lib/registry/request";
import { orgCan } from "@/lib/authz";
import { currentActor } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/registry/errors";
import { getOrganization } from "@/lib/registry/orgs";

/** Cached per request: a section's layout and its page share one lookup. */
export const loadOrgPage = cache(async (owner: string) => {
  const [db, actor] = await Promise.all([registryDb(), currentActor()]);
  const org = await getOrganization(db, actor, owner).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  if (!orgCan(org.viewerRole, "org.read")) notFound();
  return { db, actor, org };
});
