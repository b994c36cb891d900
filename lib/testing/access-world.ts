// One organization with every kind of actor and every kind of project (DESIGN §4), for permission matrices.
import { anonymous, type Actor, type UserActor } from "@/lib/registry/actor";
import { ForbiddenError, NotFoundError, UnauthorizedError } from "@/lib/registry/errors";
import type { DB } from "@/db";
import { projects, projectTeams, projectUsers } from "@/db/schema";
import { addMember, makeOrg, makeTeam, makeUser } from "./fixtures";

export {
  ACTOR_NAMES,
  PROJECT_NAMES,
  EXPECTED_ROLE,
  EXPECTED_PERMISSIONS,
  EXPECTED_ORG_ROLE,
  EXPECTED_ORG_PERMISSIONS,
  expectedOutcome,
  expectedOrgOutcome,
  type ActorName,
  type ProjectName,
  type ExpectedOutcome,
} from "./expected-access";
import { ACTOR_NAMES, PROJECT_NAMES, type ActorName, type ExpectedOutcome, type ProjectName } from "./expected-access";

/**
 * How a visible project refuses an action the actor's role does not allow: 401 for a signed-out caller
 * (who might be allowed once signed in), 403 for everyone else.
 */
export function refusalFor(actor: ActorName): typeof ForbiddenError | typeof UnauthorizedError {
  return actor === "anonymous" ? UnauthorizedError : ForbiddenError;
}

/** The registry error class an expected refusal is (for tests that call the registry directly). */
export function errorClassFor(outcome: Exclude<ExpectedOutcome, "ok">): typeof NotFoundError | typeof ForbiddenError | typeof UnauthorizedError {
  return outcome === 404 ? NotFoundError : outcome === 401 ? UnauthorizedError : ForbiddenError;
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
  await addMember(db, orgId, u.teamMember, "viewer");
  await addMember(db, orgId, u.teamViewer, "admin");
  const teamId = await makeTeam(db, orgId, "t", [
    [u.teamAdmin, "admin"],
    [u.teamMember, "member"],
    [u.teamViewer, "viewer"],
  ]);
  const ids = {} as Record<ProjectName, number>;
  for (const name of PROJECT_NAMES) {
    const [p] = await db
      .insert(projects)
      .values({ orgId, name, isPublic: name.startsWith("public"), createdById: u.owner.userId })
      .returning({ id: projects.id });
    ids[name] = p.id;
  }
  await db.insert(projectTeams).values([
    { projectId: ids.restricted, teamId },
    { projectId: ids["public-restricted"], teamId },
  ]);
  await db.insert(projectUsers).values([
    { projectId: ids.granted, userId: u.outsiderGranted.userId, role: "member" },
    { projectId: ids.restricted, userId: u.outsiderGranted.userId, role: "member" },
    { projectId: ids["public-granted"], userId: u.outsiderGranted.userId, role: "admin" },
    { projectId: ids["public-granted"], userId: u.viewer.userId, role: "member" },
  ]);
  return { org, orgId, actors: { ...u, anonymous }, users: u, projectIds: ids };
}
