// The model a page is about, for the pages under /[owner]/[project]: loaded once per request (the
// layout and the page share it) and turned into Next's 404 when it is missing or invisible — and,
// for the settings pages, when the viewer may not change settings (signed out included, as for an
// organization's settings: to a visitor the settings of a model do not exist).
import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { registryDb } from "@/lib/registry/request";
import type { ProjectPermission } from "@/lib/authz";
import { currentActor } from "@/lib/auth/session";
import { assertProjectCan, loadProjectAccess, type ProjectAccess } from "@/lib/registry/access";
import { ForbiddenError, NotFoundError, UnauthorizedError } from "@/lib/registry/errors";

const load = cache(async (owner: string, project: string) => loadProjectAccess(await registryDb(), await currentActor(), owner, project));

export async function pageAccess(owner: string, project: string, permission: ProjectPermission = "project.read"): Promise<ProjectAccess> {
  try {
    const access = await load(owner, project);
    assertProjectCan(access, permission, await currentActor());
    return access;
  } catch (err) {
    if (err instanceof NotFoundError || err instanceof ForbiddenError || err instanceof UnauthorizedError) notFound();
    throw err;
  }
}

/** A registry call whose NotFoundError / ForbiddenError / UnauthorizedError should be the page's 404. */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (err) {
    if (err instanceof NotFoundError || err instanceof ForbiddenError || err instanceof UnauthorizedError) notFound();
    throw err;
  }
}
