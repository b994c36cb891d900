// The notices a redirect may carry in its search params (see FlashNotice). Names are checked against
// the slug pattern, so an address cannot put arbitrary words in a "success" box.
const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,126}[A-Za-z0-9])?$/;
const ROLES = new Set(["viewer", "member"]);

export const FLASH_PARAMS = ["deleted", "access", "role"];

type Get = (key: string) => string;

/** The notice for the organization page: a model deleted, or one whose access the viewer just gave up. */
export function orgFlash(owner: string, get: Get): string | null {
  const deleted = get("deleted");
  if (deleted && NAME.test(deleted)) return `Deleted model ${owner}/${deleted}.`;
  const access = get("access");
  if (access && NAME.test(access)) {
    const role = get("role");
    return ROLES.has(role)
      ? `Saved. You are now a ${role} of ${owner}/${access}; another admin can give you admin access back.`
      : `Saved. You no longer have access to ${owner}/${access}; another admin can give it back.`;
  }
  return null;
}

/** The notice for the versions list after a version was deleted. */
export function versionsFlash(owner: string, project: string, get: Get): string | null {
  const deleted = get("deleted");
  return deleted && NAME.test(deleted) ? `Deleted version ${deleted} of ${owner}/${project}.` : null;
}

/** The notice for the home page after an organization was deleted. */
export function homeFlash(get: Get): string | null {
  const deleted = get("deleted");
  return deleted && NAME.test(deleted) ? `Deleted organization ${deleted}.` : null;
}
