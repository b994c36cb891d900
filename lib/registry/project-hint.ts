// Project ids by `owner/name` (lowercase), per database handle: a hint, never a permission. It lets a read run
// beside the access check instead of after it (one database round trip per request instead of two); the read
// is only answered when the access check passed and found the same project id, else it runs again with the
// right one. Used by the versions list and the version get.
import "server-only";
import type { DB } from "@/db";
import type { ProjectAccess } from "./access";

const projectIds = new WeakMap<DB, Map<string, number>>();
const HINTS_MAX = 10_000;

/**
 * `read(projectId)` for the model whose access is being loaded, started at once on the hinted id. Errors keep
 * their order: a missing or invisible model is the access check's NotFoundError before any error of the read.
 */
export async function readBesideAccess<T>(
  db: DB,
  access: Promise<ProjectAccess>,
  key: string,
  read: (projectId: number) => Promise<T>,
): Promise<{ access: ProjectAccess; value: T }> {
  let hints = projectIds.get(db);
  if (!hints) projectIds.set(db, (hints = new Map()));
  const k = key.toLowerCase();
  const hint = hints.get(k);
  const early = hint === undefined ? null : read(hint);
  // Settled before either is looked at: an early read's failure never goes unhandled, nor overtakes a 404.
  const [a, r] = await Promise.allSettled([access, early]);
  if (a.status === "rejected") throw a.reason;
  const { project } = a.value;
  if (hint !== project.id) {
    if (hints.size >= HINTS_MAX) hints.clear();
    hints.set(k, project.id);
    return { access: a.value, value: await read(project.id) };
  }
  if (r.status === "rejected") throw r.reason;
  return { access: a.value, value: r.value as T };
}
