// One organization with every kind of actor and every kind of project (DESIGN §4), for permission matrices.
import { anonymous, type Actor, type UserActor } from "@/lib/registry/actor";
import { ForbiddenError, UnauthorizedError } from "@/lib/registry/errors";
import type { DB } from "@/db";
import { projects, projectTeams, projectUsers } from "@/db/schema";
import type { ProjectRole } from "@/lib/authz";
import { addMember, makeOrg, makeTeam, makeUser } from "./fixtures";

export const ACTOR_NAMES = [
  "owner", "manager", "admin", "member", "viewer",
  "teamAdmin", // org member, admin of team `t`
  "teamViewer", // org admin, only viewer in team `t` (a restricted project caps the org role)
  "outsiderGranted", // not in the org; member grant on `granted` and `restricted`
  "outsider", // signed in, no relation
  "anonymous",
] as const;
export type ActorName = (typeof ACTOR_NAMES)[number];

export const PROJECT_NAMES = ["public", "private", "restricted", "granted"] as const;
export type ProjectName = (typeof PROJECT_NAMES)[number];

/** The expected role of each actor on each project, written out by hand from DESIGN §4 (not computed). */
export const EXPECTED_ROLE: Record<ActorName, Record<ProjectName, ProjectRole | null>> = {
  owner:           { public: "admin",  private: "admin",  restricted: "admin",  granted: "admin" },
  manager:         { public: "admin",  private: "admin",  restricted: "admin",  granted: "admin" },
  admin:           { public: "admin",  private: "admin",  restricted: null,     granted: "admin" },
  member:          { public: "member", private: "member", restricted: null,     granted: "member" },
  viewer:          { public: "viewer", private: "viewer", restricted: null,     granted: "viewer" },
  teamAdmin:       { public: "member", private: "member", restricted: "admin",  granted: "member" },
  teamViewer:      { public: "admin",  private: "admin",  restricted: "viewer", granted: "admin" },
  outsiderGranted: { public: "viewer", private: null,     restricted: "member", granted: "member" },
  outsider:        { public: "viewer", private: null,     restricted: null,     granted: null },
  anonymous:       { public: "viewer", private: null,     restricted: null,     granted: null },
};

/**
 * How a visible project refuses an action the actor's role does not allow: 401 for a signed-out caller
 * (who might be allowed once signed in), 403 for everyone else.
 */
export function refusalFor(actor: ActorName): typeof ForbiddenError | typeof UnauthorizedError {
  return actor === "anonymous" ? UnauthorizedError : ForbiddenError;
}

export type AccessWorld = {
  org: string;
  orgId: number;
  actors: Record<ActorName, Actor>;
  users: Record<Exclude<ActorName, "anonymous">, UserActor>;
  projectIds: Record<ProjectName, number>;
};

/** Builds the world under a unique prefix, so several worlds can share one database. */
export async function buildAccessWorld(db: DB, prefix = "w"): Promise<AccessWorld> {
  const u = {} as Record<Exclude<ActorName, "anonymous">, UserActor>;
  for (const n of ACTOR_NAMES) {
    if (n !== "anonymous") u[n] = await makeUser(db, `${prefix}-${n.toLowerCase()}`);
  }
  const org = `${prefix}-org`;
  const orgId = await makeOrg(db, org, u.owner);
  await addMember(db, orgId, u.manager, "manager");
  await addMember(db, orgId, u.admin, "admin");
  await addMember(db, orgId, u.member, "member");
  await addMember(db, orgId, u.viewer, "viewer");
  await addMember(db, orgId, u.teamAdmin, "member");
  await addMember(db, orgId, u.teamViewer, "admin");
  const teamId = await makeTeam(db, orgId, "t", [
    [u.teamAdmin, "admin"],
    [u.teamViewer, "viewer"],
  ]);
  const ids = {} as Record<ProjectName, number>;
  for (const name of PROJECT_NAMES) {
    const [p] = await db
      .insert(projects)
      .values({ orgId, name, isPublic: name === "public", createdById: u.owner.userId })
      .returning({ id: projects.id });
    ids[name] = p.id;
  }
  await db.insert(projectTeams).values({ projectId: ids.restricted, teamId });
  await db.insert(projectUsers).values([
    { projectId: ids.granted, userId: u.outsiderGranted.userId, role: "member" },
    { projectId: ids.restricted, userId: u.outsiderGranted.userId, role: "member" },
  ]);
  return { org, orgId, actors: { ...u, anonymous }, users: u, projectIds: ids };
}
