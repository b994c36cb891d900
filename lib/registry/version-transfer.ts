// Moving a version to another model of the same organization (transfer) and copying it (copy). Both need
// project admin ("version.transfer") on the source and on the target.
import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { files, memberships, mlflowVersionTags, modelAliases, projects, stageConditions, versionDownloads, versions } from "@/db/schema";
import { projectCan, type ProjectRole } from "@/lib/authz";
import type { Actor } from "./actor";
import { accessFactColumns, roleFromFacts } from "./access-facts";
import { assertProjectCan, findVersion, loadProjectAccess, requireProject, type ProjectAccess } from "./access";
import { recordActivity } from "./activity";
import { ConflictError, InvalidError, NotFoundError, isUniqueViolation } from "./errors";
import { assertFeatureEnabled } from "./projects";
import { parse } from "./validate";
import { checkKind, nameNumber, type Kind } from "./version-view";
import { loadVersionFor } from "./redact";
import { lockProject, nextVersionName, versionName } from "./versions";

const moveSchema = z.object({
  project: z.string({ error: "is required: the target model, 'name' or 'owner/name'" }).trim().min(1, "is required").max(300),
  name: versionName.optional(),
});
export type MoveInput = z.input<typeof moveSchema>;

const actorIdOf = (actor: Actor) => (actor.kind === "user" ? actor.userId : null);
const featureOf = (kind: Kind) => (kind === "model" ? ("models" as const) : ("artifacts" as const));

/** `bar` (same owner) or `owner/bar`; only models of the source's organization, where the actor is admin. */
async function targetProject(db: DB, actor: Actor, source: ProjectAccess, ref: string, kind: Kind): Promise<ProjectAccess> {
  const parts = ref.split("/");
  if (parts.length > 2 || parts.some((p) => !p.trim())) throw InvalidError.field("project", "must be a model name or 'owner/name'");
  const [owner, name] = parts.length === 2 ? parts : [source.org.name, parts[0]];
  if (owner.trim().toLowerCase() !== source.org.name) throw InvalidError.field("project", "versions move only between models of the same organization");
  const target = await loadProjectAccess(db, actor, owner.trim(), name.trim()).catch((err) => {
    if (err instanceof NotFoundError) throw InvalidError.field("project", `model '${source.org.name}/${name.trim()}' not found`);
    throw err;
  });
  assertProjectCan(target, "version.transfer", actor);
  assertFeatureEnabled(target.project, featureOf(kind));
  return target;
}

/** POST …/transfer {project}: the version, its history and files move; a name the target already has is a 409. */
export async function transferVersion(db: DB, actor: Actor, owner: string, project: string, kind: string, name: string, input: unknown) {
  const source = await requireProject(db, actor, owner, project, "version.transfer");
  const v = await findVersion(db, source.project.id, checkKind(kind), name);
  const data = parse(moveSchema, input);
  const target = await targetProject(db, actor, source, data.project, v.kind);
  if (target.project.id === source.project.id) throw InvalidError.field("project", "is the model the version is already in");
  const actorId = actorIdOf(actor);
  try {
    await db.transaction(async (tx) => {
      await lockProject(tx, target.project.id);
      await tx.update(versions).set({ projectId: target.project.id, updatedAt: sql`now()` }).where(eq(versions.id, v.id));
      // Its downloads go with it: the model's sums are over the versions it holds now.
      await tx.update(versionDownloads).set({ projectId: target.project.id }).where(eq(versionDownloads.versionId, v.id));
      // Aliases are the source model's names: they do not follow the version to another model.
      await tx.delete(modelAliases).where(eq(modelAliases.versionId, v.id));
      const details = { kind: v.kind, from: `${source.org.name}/${source.project.name}`, to: `${target.org.name}/${target.project.name}` };
      await recordActivity(tx, { orgId: source.org.id, projectId: source.project.id, actorId, verb: "version.transferred_out", target: v.name, details });
      await recordActivity(tx, { orgId: target.org.id, projectId: target.project.id, actorId, verb: "version.transferred_in", target: v.name, details });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw ConflictError.field("project", `${target.org.name}/${target.project.name} already has a version named '${v.name}'.`);
    throw err;
  }
  return { access: target, ...(await loadVersionFor(db, actor, target, v.id)) };
}

/**
 * POST …/copy {project, name?}: a new version with the same metadata, lineage and files (blobs are shared by
 * hash), at `testing`, whose history starts with where it came from. Without a name it keeps the source's name,
 * or — within the same model — takes the next v{n}.
 */
export async function copyVersion(db: DB, actor: Actor, owner: string, project: string, kind: string, name: string, input: unknown) {
  const source = await requireProject(db, actor, owner, project, "version.transfer");
  const v = await findVersion(db, source.project.id, checkKind(kind), name);
  const data = parse(moveSchema, input);
  const target = await targetProject(db, actor, source, data.project, v.kind);
  const sameModel = target.project.id === source.project.id;
  const actorId = actorIdOf(actor);
  const from = `${source.org.name}/${source.project.name}:${v.name}`;
  let newName = data.name;
  try {
    const id = await db.transaction(async (tx) => {
      await lockProject(tx, target.project.id);
      newName ??= sameModel ? await nextVersionName(tx, target.project.id, v.kind) : v.name;
      const [c] = await tx
        .insert(versions)
        .values({
          projectId: target.project.id,
          kind: v.kind,
          name: newName,
          nameNumber: nameNumber(newName),
          description: v.description,
          tags: v.tags,
          runId: v.runId,
          externalRun: v.externalRun,
          artifacts: v.artifacts,
          metaInfo: v.metaInfo,
          content: v.content,
          readme: v.readme,
          connection: v.connection,
          copiedFromId: v.id,
          createdById: actorId,
        })
        .returning({ id: versions.id });
      await tx.execute(sql`insert into ${files} (version_id, path, size, sha256, content_type, created_by_id)
        select ${c.id}, path, size, sha256, content_type, ${actorId} from ${files} where version_id = ${v.id}`);
      // MLflow's key/value tags are the version's metadata: they travel with it (a transfer keeps the row, and them).
      await tx.execute(
        sql`insert into ${mlflowVersionTags} (version_id, key, value) select ${c.id}, key, value from ${mlflowVersionTags} where version_id = ${v.id}`,
      );
      await tx.insert(stageConditions).values({
        versionId: c.id,
        type: "testing",
        reason: "Copied",
        message: `Copied from ${from} (then ${v.stage})`,
        details: { copied_from: from, copied_from_stage: v.stage },
        actorId,
        createdAt: sql`clock_timestamp()`,
      });
      await recordActivity(tx, {
        orgId: target.org.id,
        projectId: target.project.id,
        actorId,
        verb: "version.copied",
        target: newName,
        details: { kind: v.kind, from },
      });
      return c.id;
    });
    return { access: target, ...(await loadVersionFor(db, actor, target, id)) };
  } catch (err) {
    if (isUniqueViolation(err)) throw ConflictError.field("name", `${target.org.name}/${target.project.name} already has a version named '${newName}'.`);
    throw err;
  }
}

export type MoveTarget = { name: string; role: ProjectRole };

/**
 * The models of the source's organization the actor may transfer or copy into (admin there, the feature on),
 * for the transfer dialog — one query for the facts of every model, then the same rule as loadProjectAccess.
 */
export async function moveTargets(db: DB, actor: Actor, source: ProjectAccess, kind: Kind = "model"): Promise<MoveTarget[]> {
  if (actor.kind !== "user" || !projectCan(source.role, "version.transfer")) return [];
  const uid = actor.userId;
  const rows = await db
    .select({
      name: projects.name,
      isPublic: projects.isPublic,
      excluded: projects.excludedFeatures,
      ...accessFactColumns(uid),
    })
    .from(projects)
    .where(eq(projects.orgId, source.org.id))
    .orderBy(asc(projects.name))
    .limit(500);
  const [m] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.orgId, source.org.id), eq(memberships.userId, uid)))
    .limit(1);
  const feature = featureOf(kind);
  return rows.flatMap((r) => {
    const { role } = roleFromFacts({ ...r, orgRole: m?.role ?? null });
    return role && projectCan(role, "version.transfer") && !r.excluded.includes(feature) ? [{ name: r.name, role }] : [];
  });
}
