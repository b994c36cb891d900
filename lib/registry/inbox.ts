// The inbox: every pending stage and alias request the viewer may decide (project admin), across the
// organizations they belong to and the models granted to them, plus the viewer's own recent requests with
// their outcome. Requests are few (one open per version or alias): the candidates come from two indexed
// queries, and each model's access is then decided by the same rule as everywhere (loadProjectAccess).
import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { DB } from "@/db";
import { aliasEvents, memberships, organizations, projects, projectUsers, stageConditions, users, versions } from "@/db/schema";
import { projectCan } from "@/lib/authz";
import type { Actor } from "./actor";
import { loadProjectAccess, type ProjectAccess } from "./access";

export type InboxItem = {
  kind: "stage" | "alias";
  owner: string;
  project: string;
  /** The version the request is about (stage: the version to move; alias: the version to point at). */
  version: string | null;
  alias: string | null;
  from: string | null;
  to: string | null;
  requestId: string;
  requestedBy: string | null;
  requestedAt: Date;
  reason: string;
  status: "pending" | "approved" | "rejected" | "withdrawn";
  decidedBy: string | null;
  /** The viewer may approve or reject it now. */
  canDecide: boolean;
  mine: boolean;
};

const LIMIT = 200;

/** The models in the viewer's organizations or granted to them (a superset of what they may decide). */
function myProjectIds(uid: number) {
  return sql`(select p.id from ${projects} p where p.org_id in (select ${memberships.orgId} from ${memberships} where ${memberships.userId} = ${uid})
    union select ${projectUsers.projectId} from ${projectUsers} where ${projectUsers.userId} = ${uid})`;
}

type Row = {
  kind: "stage" | "alias";
  id: number;
  projectId: number;
  owner: string;
  project: string;
  version: string | null;
  alias: string | null;
  from: string | null;
  to: string | null;
  status: string;
  details: Record<string, unknown>;
  reason: string;
  actorId: number | null;
  user: string | null;
  createdAt: Date;
};

async function stageRows(db: DB, where: ReturnType<typeof and>): Promise<Row[]> {
  const rows = await db
    .select({
      id: stageConditions.id,
      projectId: projects.id,
      owner: organizations.name,
      project: projects.name,
      version: versions.name,
      to: stageConditions.type,
      from: stageConditions.fromStage,
      status: stageConditions.status,
      details: stageConditions.details,
      reason: stageConditions.reason,
      actorId: stageConditions.actorId,
      user: users.username,
      createdAt: stageConditions.createdAt,
    })
    .from(stageConditions)
    .innerJoin(versions, eq(versions.id, stageConditions.versionId))
    .innerJoin(projects, eq(projects.id, versions.projectId))
    .innerJoin(organizations, eq(organizations.id, projects.orgId))
    .leftJoin(users, eq(users.id, stageConditions.actorId))
    .where(where)
    .orderBy(desc(stageConditions.id))
    .limit(LIMIT);
  return rows.map((r) => ({ ...r, kind: "stage" as const, alias: null, from: r.from ?? null }));
}

async function aliasRows(db: DB, where: ReturnType<typeof and>): Promise<Row[]> {
  const rows = await db
    .select({
      id: aliasEvents.id,
      projectId: projects.id,
      owner: organizations.name,
      project: projects.name,
      version: aliasEvents.versionName,
      alias: aliasEvents.alias,
      from: aliasEvents.fromVersionName,
      status: aliasEvents.status,
      details: aliasEvents.details,
      reason: aliasEvents.reason,
      actorId: aliasEvents.actorId,
      user: users.username,
      createdAt: aliasEvents.createdAt,
    })
    .from(aliasEvents)
    .innerJoin(projects, eq(projects.id, aliasEvents.projectId))
    .innerJoin(organizations, eq(organizations.id, projects.orgId))
    .leftJoin(users, eq(users.id, aliasEvents.actorId))
    .where(where)
    .orderBy(desc(aliasEvents.id))
    .limit(LIMIT);
  return rows.map((r) => ({ ...r, kind: "alias" as const, to: r.version }));
}

const OUTCOME: Record<string, InboxItem["status"]> = { True: "approved", Rejected: "rejected", Withdrawn: "withdrawn" };

/** GET /api/v1/requests and the inbox page: pending requests the viewer may decide, then their own requests. */
export async function listRequests(db: DB, actor: Actor): Promise<InboxItem[]> {
  if (actor.kind !== "user") return [];
  const uid = actor.userId;
  const mine = sql`${myProjectIds(uid)}`;
  const [pendingStage, pendingAlias, ownStage, ownAlias] = await Promise.all([
    stageRows(db, and(eq(stageConditions.status, "Pending"), sql`${projects.id} in ${mine}`)),
    aliasRows(db, and(eq(aliasEvents.status, "Pending"), sql`${projects.id} in ${mine}`)),
    stageRows(db, and(eq(stageConditions.actorId, uid), inArray(stageConditions.status, ["Requested"]))),
    aliasRows(db, and(eq(aliasEvents.actorId, uid), inArray(aliasEvents.status, ["Requested"]))),
  ]);
  // Decisions of the viewer's closed requests (by request id), for their outcome.
  const closedIds = [...ownStage, ...ownAlias].map((r) => String(r.details.request_id ?? "")).filter(Boolean);
  const decisions = new Map<string, { status: string; user: string | null }>();
  if (closedIds.length) {
    const [s, a] = await Promise.all([
      db
        .select({ id: sql<string>`${stageConditions.details}->>'request_id'`, status: stageConditions.status, user: users.username })
        .from(stageConditions)
        .leftJoin(users, eq(users.id, stageConditions.actorId))
        .where(
          and(
            sql`${stageConditions.details}->>'request_id' in (${sql.join(
              closedIds.map((i) => sql`${i}`),
              sql`, `,
            )})`,
            sql`${stageConditions.details} ? 'decision'`,
          ),
        ),
      db
        .select({ id: sql<string>`${aliasEvents.details}->>'request_id'`, status: aliasEvents.status, user: users.username })
        .from(aliasEvents)
        .leftJoin(users, eq(users.id, aliasEvents.actorId))
        .where(
          and(
            sql`${aliasEvents.details}->>'request_id' in (${sql.join(
              closedIds.map((i) => sql`${i}`),
              sql`, `,
            )})`,
            sql`${aliasEvents.details} ? 'decision'`,
          ),
        ),
    ]);
    for (const d of [...s, ...a]) decisions.set(d.id, { status: d.status, user: d.user });
  }
  // Each model's access, once: who may decide is the project-admin rule.
  const accessOf = new Map<number, Promise<ProjectAccess | null>>();
  const access = (r: Row) => {
    if (!accessOf.has(r.projectId))
      accessOf.set(
        r.projectId,
        loadProjectAccess(db, actor, r.owner, r.project).catch(() => null),
      );
    return accessOf.get(r.projectId)!;
  };
  const item = async (r: Row, status: InboxItem["status"], decidedBy: string | null): Promise<InboxItem | null> => {
    const a = await access(r);
    if (!a) return null;
    const canDecide = status === "pending" && projectCan(a.role, r.kind === "stage" ? "stage.approve" : "alias.protected");
    if (status === "pending" && !canDecide && r.actorId !== uid) return null;
    return {
      kind: r.kind,
      owner: r.owner,
      project: r.project,
      version: r.version,
      alias: r.alias,
      from: r.from,
      to: r.to,
      requestId: String(r.details.request_id ?? ""),
      requestedBy: r.user,
      requestedAt: r.createdAt,
      reason: r.reason,
      status,
      decidedBy,
      canDecide,
      mine: r.actorId === uid,
    };
  };
  const pending = await Promise.all([...pendingStage, ...pendingAlias].map((r) => item(r, "pending", null)));
  const closed = await Promise.all(
    [...ownStage, ...ownAlias].map((r) => {
      const d = decisions.get(String(r.details.request_id ?? ""));
      return item(r, d ? (OUTCOME[d.status] ?? "approved") : "approved", d?.user ?? null);
    }),
  );
  const byTime = (a: InboxItem, b: InboxItem) => b.requestedAt.getTime() - a.requestedAt.getTime();
  return [
    ...pending.filter((x): x is InboxItem => x !== null).sort(byTime),
    ...closed
      .filter((x): x is InboxItem => x !== null)
      .sort(byTime)
      .slice(0, 50),
  ];
}

/** The header's badge: how many pending requests the viewer may decide. */
export async function countDecidable(db: DB, actor: Actor): Promise<number> {
  if (actor.kind !== "user") return 0;
  return (await listRequests(db, actor)).filter((r) => r.canDecide).length;
}
