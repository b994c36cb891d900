// Roles, the role → permission table and effectiveProjectRole() (DESIGN §4). Pure: the registry
// loads the facts in one query and asks here; nothing else in the code base compares roles.

export const ORG_ROLES = ["viewer", "member", "admin", "manager", "owner"] as const;
export const PROJECT_ROLES = ["viewer", "member", "admin"] as const;
export type OrgRole = (typeof ORG_ROLES)[number];
export type ProjectRole = (typeof PROJECT_ROLES)[number];

/** What a project role allows. Code asks for a permission, never for a role. */
export const PROJECT_PERMISSIONS = {
  "project.read": "viewer", // project, versions, runs, stage history, files, activity
  "version.write": "member", // register and update versions
  "file.upload": "member",
  "run.write": "member", // log and update runs
  "stage.change": "member", // into a non-protected stage
  "run.promote": "member", // on the target; viewer on the source (checked separately)
  "stage.protected": "admin", // into or out of a protected stage, directly
  "stage.request": "member", // ask for a protected change when the model requires approval (a pending request)
  "stage.approve": "admin", // approve or reject a pending request
  "alias.set": "member", // set, move or remove an alias that is not protected
  "alias.protected": "admin", // set, move or remove a protected alias (settings.protectedAliases, default champion)
  "alias.request": "member", // ask for a protected alias move when the model requires approval
  "version.delete": "admin",
  "file.delete": "admin",
  "version.transfer": "admin", // transfer or copy (admin on both projects)
  "project.settings": "admin", // settings, features, visibility, access, promotion sources
  "project.delete": "admin",
  "webhooks.manage": "admin", // see, create, change or delete the model's webhooks and their deliveries
} as const satisfies Record<string, ProjectRole>;
export type ProjectPermission = keyof typeof PROJECT_PERMISSIONS;

export const ORG_PERMISSIONS = {
  "org.read": "viewer", // members, teams and activity of the organization
  "project.create": "admin",
  "org.update": "manager",
  "members.manage": "manager",
  "teams.manage": "manager",
  "owners.manage": "owner", // add, change or remove an owner
  "org.delete": "owner",
  "webhooks.manage": "admin", // see, create, change or delete the organization's webhooks and their deliveries
} as const satisfies Record<string, OrgRole>;
export type OrgPermission = keyof typeof ORG_PERMISSIONS;

const orgRank = (r: OrgRole) => ORG_ROLES.indexOf(r);
const projectRank = (r: ProjectRole) => PROJECT_ROLES.indexOf(r);

export function orgRoleAtLeast(role: OrgRole | null | undefined, min: OrgRole): boolean {
  return role != null && orgRank(role) >= orgRank(min);
}

export function projectRoleAtLeast(role: ProjectRole | null | undefined, min: ProjectRole): boolean {
  return role != null && projectRank(role) >= projectRank(min);
}

export function maxProjectRole(...roles: (ProjectRole | null | undefined)[]): ProjectRole | null {
  let best: ProjectRole | null = null;
  for (const r of roles) if (r && (best === null || projectRank(r) > projectRank(best))) best = r;
  return best;
}

export function orgCan(role: OrgRole | null | undefined, permission: OrgPermission): boolean {
  return orgRoleAtLeast(role, ORG_PERMISSIONS[permission]);
}

export function projectCan(role: ProjectRole | null | undefined, permission: ProjectPermission): boolean {
  return projectRoleAtLeast(role, PROJECT_PERMISSIONS[permission]);
}

/** The facts about one actor and one project that decide the actor's role on it. */
export type AccessFacts = {
  /** The actor's role in the project's organization; null for outsiders and signed-out callers. */
  orgRole: OrgRole | null;
  /** Whether the project is restricted to teams (project_teams not empty). */
  restricted: boolean;
  /** The actor's roles in the teams the project is restricted to (empty when not restricted). */
  teamRoles: ProjectRole[];
  /** The actor's per-user grant on the project. */
  grant: ProjectRole | null;
  isPublic: boolean;
};

/** Why the actor has the role it has, for the access page ("admin via organization role"). */
export type AccessReason =
  | { via: "org-admin"; orgRole: OrgRole }
  | { via: "org"; orgRole: OrgRole }
  | { via: "team"; role: ProjectRole }
  | { via: "grant"; role: ProjectRole }
  | { via: "public" };

const ORG_TO_PROJECT: Record<OrgRole, ProjectRole> = {
  viewer: "viewer",
  member: "member",
  admin: "admin",
  manager: "admin",
  owner: "admin",
};

export function effectiveProjectRole(f: AccessFacts): ProjectRole | null {
  return explainProjectRole(f).role;
}

export function explainProjectRole(f: AccessFacts): { role: ProjectRole | null; reason: AccessReason | null } {
  // 1. owners and managers administer every project of their organization.
  if (f.orgRole === "owner" || f.orgRole === "manager") {
    return { role: "admin", reason: { via: "org-admin", orgRole: f.orgRole } };
  }
  // 2. a team-restricted project: only the teams' roles count; otherwise the organization role.
  let role: ProjectRole | null = null;
  let reason: AccessReason | null = null;
  if (f.restricted) {
    role = maxProjectRole(...f.teamRoles);
    if (role) reason = { via: "team", role };
  } else if (f.orgRole) {
    role = ORG_TO_PROJECT[f.orgRole];
    reason = { via: "org", orgRole: f.orgRole };
  }
  // 3. raised by a per-user grant (the only way in for outsiders).
  if (f.grant && !projectRoleAtLeast(role, f.grant)) {
    role = f.grant;
    reason = { via: "grant", role: f.grant };
  }
  // 4. public projects are readable by everyone, signed out included.
  if (!role && f.isPublic) return { role: "viewer", reason: { via: "public" } };
  return { role, reason };
}

export function describeAccess(reason: AccessReason | null): string {
  if (!reason) return "no access";
  switch (reason.via) {
    case "org-admin":
      return `admin via organization role ${reason.orgRole}`;
    case "org":
      return `${ORG_TO_PROJECT[reason.orgRole]} via organization role ${reason.orgRole}`;
    case "team":
      return `${reason.role} via team`;
    case "grant":
      return `${reason.role} via direct grant`;
    case "public":
      return "viewer because the model is public";
  }
}
