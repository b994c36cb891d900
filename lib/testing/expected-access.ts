// The access world's actors and models, and the expected outcome of every cell of DESIGN §4, written out
// by hand as data. Pure (no database): lib/authz.test.ts checks lib/authz.ts against these tables, and the
// permission matrices (registry and API) take their expectations from here, never from lib/authz.ts.
import type { OrgPermission, OrgRole, ProjectPermission, ProjectRole } from "@/lib/authz";

export const ACTOR_NAMES = [
  "owner",
  "manager",
  "admin",
  "member",
  "viewer",
  "teamAdmin", // org member, admin of team `t`
  "teamMember", // org viewer, member of team `t`
  "teamViewer", // org admin, only viewer in team `t` (a restricted project caps the org role)
  "outsiderGranted", // not in the org; member grant on `granted` and `restricted`, admin grant on `public-granted`
  "outsider", // signed in, no relation
  "anonymous",
] as const;
export type ActorName = (typeof ACTOR_NAMES)[number];

/**
 * `restricted` and `public-restricted` are restricted to team `t`; `granted` and `public-granted` carry
 * per-user grants (see buildAccessWorld).
 */
export const PROJECT_NAMES = ["public", "private", "restricted", "granted", "public-restricted", "public-granted"] as const;
export type ProjectName = (typeof PROJECT_NAMES)[number];

/** The expected role of each actor on each project, written out by hand from DESIGN §4 (not computed). */
export const EXPECTED_ROLE: Record<ActorName, Record<ProjectName, ProjectRole | null>> = {
  owner: { public: "admin", private: "admin", restricted: "admin", granted: "admin", "public-restricted": "admin", "public-granted": "admin" },
  manager: { public: "admin", private: "admin", restricted: "admin", granted: "admin", "public-restricted": "admin", "public-granted": "admin" },
  admin: { public: "admin", private: "admin", restricted: null, granted: "admin", "public-restricted": "viewer", "public-granted": "admin" },
  member: { public: "member", private: "member", restricted: null, granted: "member", "public-restricted": "viewer", "public-granted": "member" },
  // org viewer with a member grant on public-granted: the grant raises the org role
  viewer: { public: "viewer", private: "viewer", restricted: null, granted: "viewer", "public-restricted": "viewer", "public-granted": "member" },
  teamAdmin: { public: "member", private: "member", restricted: "admin", granted: "member", "public-restricted": "admin", "public-granted": "member" },
  teamMember: { public: "viewer", private: "viewer", restricted: "member", granted: "viewer", "public-restricted": "member", "public-granted": "viewer" },
  teamViewer: { public: "admin", private: "admin", restricted: "viewer", granted: "admin", "public-restricted": "viewer", "public-granted": "admin" },
  outsiderGranted: { public: "viewer", private: null, restricted: "member", granted: "member", "public-restricted": "viewer", "public-granted": "admin" },
  outsider: { public: "viewer", private: null, restricted: null, granted: null, "public-restricted": "viewer", "public-granted": "viewer" },
  anonymous: { public: "viewer", private: null, restricted: null, granted: null, "public-restricted": "viewer", "public-granted": "viewer" },
};

/**
 * Every cell of the role → permission table (DESIGN §4), written out by hand: true = allowed. The
 * tests compare lib/authz.ts against this grid and derive no expectation from lib/authz.ts itself.
 */
export const EXPECTED_PERMISSIONS: Record<ProjectPermission, Record<ProjectRole, boolean>> = {
  "project.read": { viewer: true, member: true, admin: true },
  "version.write": { viewer: false, member: true, admin: true },
  "file.upload": { viewer: false, member: true, admin: true },
  "run.write": { viewer: false, member: true, admin: true },
  "stage.change": { viewer: false, member: true, admin: true },
  "run.promote": { viewer: false, member: true, admin: true },
  "stage.protected": { viewer: false, member: false, admin: true },
  "stage.request": { viewer: false, member: true, admin: true },
  "stage.approve": { viewer: false, member: false, admin: true },
  "version.delete": { viewer: false, member: false, admin: true },
  "file.delete": { viewer: false, member: false, admin: true },
  "version.transfer": { viewer: false, member: false, admin: true },
  "project.settings": { viewer: false, member: false, admin: true },
  "project.delete": { viewer: false, member: false, admin: true },
  "alias.set": { viewer: false, member: true, admin: true },
  "alias.protected": { viewer: false, member: false, admin: true },
  "alias.request": { viewer: false, member: true, admin: true },
  "webhooks.manage": { viewer: false, member: false, admin: true },
};

/** The actor's role in the world's organization, by hand (null: not a member). */
export const EXPECTED_ORG_ROLE: Record<ActorName, OrgRole | null> = {
  owner: "owner",
  manager: "manager",
  admin: "admin",
  member: "member",
  viewer: "viewer",
  teamAdmin: "member",
  teamMember: "viewer",
  teamViewer: "admin",
  outsiderGranted: null,
  outsider: null,
  anonymous: null,
};

/** Every cell of the organization role → permission table (DESIGN §4), by hand. */
export const EXPECTED_ORG_PERMISSIONS: Record<OrgPermission, Record<OrgRole, boolean>> = {
  "org.read": { viewer: true, member: true, admin: true, manager: true, owner: true },
  "project.create": { viewer: false, member: false, admin: true, manager: true, owner: true },
  "org.update": { viewer: false, member: false, admin: false, manager: true, owner: true },
  "members.manage": { viewer: false, member: false, admin: false, manager: true, owner: true },
  "teams.manage": { viewer: false, member: false, admin: false, manager: true, owner: true },
  "owners.manage": { viewer: false, member: false, admin: false, manager: false, owner: true },
  "org.delete": { viewer: false, member: false, admin: false, manager: false, owner: true },
  "webhooks.manage": { viewer: false, member: false, admin: true, manager: true, owner: true },
};

/** What an action on a project answers: allowed, 401 (signed out, visible), 403 (visible, not allowed), 404 (invisible). */
export type ExpectedOutcome = "ok" | 401 | 403 | 404;

/** The expected outcome of `permission` for `actor` on `project`, from the two hand-written tables above. */
export function expectedOutcome(actor: ActorName, project: ProjectName, permission: ProjectPermission): ExpectedOutcome {
  const role = EXPECTED_ROLE[actor][project];
  if (role === null) return 404;
  if (EXPECTED_PERMISSIONS[permission][role]) return "ok";
  return actor === "anonymous" ? 401 : 403;
}

/** The same for an organization permission (organizations are visible to everyone: never 404). */
export function expectedOrgOutcome(actor: ActorName, permission: OrgPermission): Exclude<ExpectedOutcome, 404> {
  const role = EXPECTED_ORG_ROLE[actor];
  if (role !== null && EXPECTED_ORG_PERMISSIONS[permission][role]) return "ok";
  return actor === "anonymous" ? 401 : 403;
}
