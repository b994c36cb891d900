// Loading a project together with the actor's effective role on it (one query), and the SQL form of
// the same rule for lists. Every project-scoped registry function starts with requireProject().
import "server-only";
import { and, eq, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { DB } from "@/db";
import { memberships, modelAliases, organizations, projects, projectTeams, projectUsers, teamMembers, versions, type Project, type Version } from "@/db/schema";
import { PROJECT_PERMISSIONS, projectCan, type AccessReason, type OrgRole, type ProjectPermission, type ProjectRole } from "@/lib/authz";
import type { Actor } from "./actor";
import { accessFactColumns, roleFromFacts } from "./access-facts";
import { ForbiddenError, NotFoundError, UnauthorizedError } from "./errors";

export type ProjectAccess = {
  project: Project;
  org: { id: number; name: string; personal: boolean };
  orgRole: OrgRole | null;
  role: ProjectRole | null;
  reason: AccessReason | null;
};

const actorId = (actor: Actor) => (actor.kind === "user" ? actor.userId : -1);

/**
 * The access statement, built once per database handle and run prepared: postgres.js then keeps it on each
 * connection (one round trip per call, no re-parse, no describe), where an ad-hoc statement costs two.
 */
function accessQuery(db: DB) {
  const uid = sql.placeholder("uid");
  return db
    .select({
      project: projects,
      orgId: organizations.id,
      orgName: organizations.name,
      orgPersonal: organizations.personal,
      orgRole: memberships.role,
      ...accessFactColumns(uid),
    })
    .from(projects)
    .innerJoin(organizations, eq(organizations.id, projects.orgId))
    .leftJoin(memberships, and(eq(memberships.orgId, organizations.id), eq(memberships.userId, uid)))
    .where(and(eq(organizations.name, sql.placeholder("owner")), eq(projects.name, sql.placeholder("name"))))
    .limit(1)
    .prepare("project_access");
}

const accessQueries = new WeakMap<DB, ReturnType<typeof accessQuery>>();

/** The project `owner/name` with the actor's role on it, or NotFoundError when missing or invisible. */
export async function loadProjectAccess(db: DB, actor: Actor, owner: string, name: string): Promise<ProjectAccess> {
  let q = accessQueries.get(db);
  if (!q) accessQueries.set(db, (q = accessQuery(db)));
  const [row] = await q.execute({ uid: actorId(actor), owner: String(owner).toLowerCase(), name: String(name).toLowerCase() });
  if (!row) throw new NotFoundError(`Model '${owner}/${name}' not found`);
  const { role, reason } = roleFromFacts({ ...row, isPublic: row.project.isPublic });
  if (!role) throw new NotFoundError(`Model '${owner}/${name}' not found`);
  return {
    project: row.project,
    org: { id: row.orgId, name: row.orgName, personal: row.orgPersonal },
    orgRole: row.orgRole,
    role,
    reason,
  };
}

/**
 * Loads the project and checks one permission. Invisible → NotFoundError; visible but not allowed →
 * UnauthorizedError when signed out, else ForbiddenError naming the role needed.
 */
export async function requireProject(db: DB, actor: Actor, owner: string, name: string, permission: ProjectPermission): Promise<ProjectAccess> {
  const access = await loadProjectAccess(db, actor, owner, name);
  assertProjectCan(access, permission, actor);
  return access;
}

/**
 * Throws unless the actor's role allows `permission`: UnauthorizedError (401) for a signed-out caller,
 * who might be allowed once signed in; ForbiddenError (403) naming the role needed otherwise. `actor` is
 * required so that no caller can forget to tell the two apart.
 */
export function assertProjectCan(access: ProjectAccess, permission: ProjectPermission, actor: Actor): void {
  if (projectCan(access.role, permission)) return;
  const needed = PROJECT_PERMISSIONS[permission];
  const where = `${access.org.name}/${access.project.name}`;
  if (actor.kind !== "user") throw new UnauthorizedError(`Sign in: this action needs ${needed} access to ${where}.`);
  throw new ForbiddenError(`This action needs ${needed} access to ${where}.`);
}

/**
 * SQL condition: the actor may read the project in `projects` — the same rule as explainProjectRole,
 * for lists. The access matrix test checks that both agree for every kind of actor.
 */
export function projectVisibleTo(actor: Actor): SQL {
  const uid = actorId(actor);
  if (uid < 0) return sql`${projects.isPublic}`;
  return projectReadableBy(sql`${uid}`);
}

/** The same rule for a user id given as SQL (e.g. a column: the creator of each webhook row). */
export function projectReadableBy(uid: SQL): SQL {
  return sql`(${projects.isPublic}
    or exists(select 1 from ${memberships} m where m.org_id = ${projects.orgId} and m.user_id = ${uid}
      and (m.role in ('owner', 'manager')
        or not exists(select 1 from ${projectTeams} pt where pt.project_id = ${projects.id})))
    or exists(select 1 from ${projectTeams} pt join ${teamMembers} tm on tm.team_id = pt.team_id
      where pt.project_id = ${projects.id} and tm.user_id = ${uid})
    or exists(select 1 from ${projectUsers} pu where pu.project_id = ${projects.id} and pu.user_id = ${uid}))`;
}

/** The most models a count reads; past it a list says "10,000+" (an exact count of a huge org costs more than the page). */
export const PROJECT_COUNT_CAP = 10_000;

/**
 * The models of one organization the actor may see: the single rule behind the organization page's
 * list and every model count (home page, organizations API), so that they always agree.
 */
export function orgProjectsVisibleTo(actor: Actor, orgId: number | SQL | AnyColumn): SQL {
  return and(eq(projects.orgId, orgId as number), projectVisibleTo(actor)) as SQL;
}

/** How many rows of `projects` match `where`, counted up to PROJECT_COUNT_CAP + 1 (so `> CAP` means "more"). */
export function cappedProjectCount(where: SQL): SQL<number> {
  return sql<number>`(select count(*)::int from (select 1 from ${projects} where ${where} limit ${PROJECT_COUNT_CAP + 1}) counted)`;
}

/**
 * A version of a project by kind and name, or NotFoundError. The one place a version name is resolved:
 * `@champion` is the version the model's alias `champion` points at (a version name cannot contain `@`);
 * anything else is looked up literally (`latest` is a name, as in Polyaxon).
 */
export async function findVersion(db: DB, projectId: number, kind: string, name: string): Promise<Version> {
  if (kind !== "model" && kind !== "artifact") throw new NotFoundError(`Unknown version kind '${kind}'`);
  const ref = String(name);
  if (ref.startsWith("@")) {
    const alias = ref.slice(1).toLowerCase();
    const [row] = await db
      .select({ v: versions })
      .from(modelAliases)
      .innerJoin(versions, eq(versions.id, modelAliases.versionId))
      .where(and(eq(modelAliases.projectId, projectId), eq(modelAliases.name, alias), eq(versions.projectId, projectId), eq(versions.kind, kind)))
      .limit(1);
    if (!row) throw new NotFoundError(`Alias '${alias}' not found`);
    return row.v;
  }
  const [v] = await db
    .select()
    .from(versions)
    .where(and(eq(versions.projectId, projectId), eq(versions.kind, kind), eq(versions.name, ref)))
    .limit(1);
  if (!v) throw new NotFoundError(`Version '${name}' not found`);
  return v;
}
