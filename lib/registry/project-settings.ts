// A model's settings in one place (GET/PATCH /api/v1/{owner}/{project}/settings and the settings
// pages): features, visibility, protected stages, access (teams and grants) and promotion sources.
import "server-only";
import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { projects, projectSources } from "@/db/schema";
import type { Actor } from "./actor";
import { assertProjectCan, projectVisibleTo, requireProject, type ProjectAccess } from "./access";
import { recordActivity } from "./activity";
import { guardAdmins } from "./admin-guard";
import { InvalidError } from "./errors";
import {
  grantSchema,
  listGrants,
  listProjectAccess,
  teamChoices,
  teamNamesSchema,
  writeGrants,
  writeTeams,
  type AccessEntry,
  type Grant,
  type TeamChoice,
} from "./project-access";
import { aliasName, protectedAliases } from "./aliases";
import { exclusiveFallback, exclusiveStages } from "./exclusive-stages";
import { DEFAULT_PROTECTED_STAGES, FEATURES, featureList, protectedStageList, type Feature, STAGES } from "./projects";
import { parse } from "./validate";

export type Stage = (typeof STAGES)[number];
export type SourceChoice = { name: string; description: string; selected: boolean };

export type ProjectSettingsView = {
  access: ProjectAccess;
  features: Record<Feature, boolean>;
  excludedFeatures: Feature[];
  isPublic: boolean;
  protectedStages: Stage[];
  requireApproval: boolean;
  /** Stages that hold at most one model version, and where the previous holder goes. */
  exclusiveStages: Stage[];
  exclusiveFallback: Stage;
  /** Aliases only project admins may move. */
  protectedAliases: string[];
  teams: TeamChoice[];
  grants: Grant[];
  /** Everyone with access and why (admins see it on the Access page). */
  members: AccessEntry[];
  /** The other models of the organization the actor may see, and whether each is a promotion source. */
  sources: SourceChoice[];
};

const sourceNames = z
  .array(z.string().trim().toLowerCase().min(1).max(200))
  .max(200, "at most 200 sources")
  .transform((s) => [...new Set(s)]);

export const settingsPatchSchema = z
  .object({
    features: z.object(Object.fromEntries(FEATURES.map((f) => [f, z.boolean().optional()])) as Record<Feature, z.ZodOptional<z.ZodBoolean>>).strict(),
    excluded_features: featureList,
    is_public: z.boolean(),
    protected_stages: protectedStageList,
    require_approval: z.boolean(),
    exclusive_stages: protectedStageList,
    exclusive_fallback: z.enum(STAGES, { error: `must be one of ${STAGES.join(", ")}` }),
    protected_aliases: z
      .array(aliasName)
      .max(50, "at most 50 protected aliases")
      .transform((a) => [...new Set(a)]),
    teams: teamNamesSchema,
    grants: z.array(grantSchema).max(1000, "at most 1000 grants"),
    sources: sourceNames,
    confirm: z.boolean().meta({
      description:
        "Go ahead with a `teams` or `grants` change that takes away your own admin access, or leaves no admins but the organization's owners and managers. Without it such a change is refused with 409 and `details.confirm`.",
    }),
  })
  .partial()
  .strict()
  .refine((v) => !(v.features && v.excluded_features), { message: "give either features or excluded_features, not both" });
export type SettingsPatch = z.input<typeof settingsPatchSchema>;

const actorIdOf = (actor: Actor) => (actor.kind === "user" ? actor.userId : null);

/** The projects of the same organization (visible to the actor), marked when they are a promotion source. */
async function sourceChoices(db: DB, actor: Actor, access: ProjectAccess): Promise<SourceChoice[]> {
  return db
    .select({
      name: projects.name,
      description: projects.description,
      selected: sql<boolean>`exists(select 1 from ${projectSources} ps where ps.project_id = ${access.project.id} and ps.source_project_id = "projects"."id")`,
    })
    .from(projects)
    .where(and(eq(projects.orgId, access.org.id), ne(projects.id, access.project.id), projectVisibleTo(actor)))
    .orderBy(asc(projects.name))
    .limit(500);
}

/** Everything on the settings pages, for project admins (others: 403; invisible: 404). */
export async function getProjectSettings(db: DB, actor: Actor, owner: string, name: string): Promise<ProjectSettingsView> {
  const access = await requireProject(db, actor, owner, name, "project.settings");
  return settingsOf(db, actor, access);
}

async function settingsOf(db: DB, actor: Actor, access: ProjectAccess): Promise<ProjectSettingsView> {
  const p = access.project;
  const [teams, grants, members, sources] = await Promise.all([
    teamChoices(db, actor, access),
    listGrants(db, actor, access),
    listProjectAccess(db, actor, access),
    sourceChoices(db, actor, access),
  ]);
  const excluded = p.excludedFeatures.filter((f): f is Feature => (FEATURES as readonly string[]).includes(f));
  return {
    access,
    features: Object.fromEntries(FEATURES.map((f) => [f, !excluded.includes(f)])) as Record<Feature, boolean>,
    excludedFeatures: excluded,
    isPublic: p.isPublic,
    protectedStages: p.settings.protectedStages ?? DEFAULT_PROTECTED_STAGES,
    requireApproval: Boolean(p.settings.requireApproval),
    exclusiveStages: exclusiveStages(access),
    exclusiveFallback: exclusiveFallback(access),
    protectedAliases: protectedAliases(access),
    teams,
    grants,
    members,
    sources,
  };
}

/** Replaces the promotion sources with the named projects of the same organization. In the caller's transaction. */
async function writeSources(tx: DB, actor: Actor, access: ProjectAccess, names: string[]): Promise<void> {
  assertProjectCan(access, "project.settings", actor);
  // A source name may carry its owner ("acme/training"); it must be this organization.
  const bare = names.map((n) => {
    const [o, p] = n.includes("/") ? n.split("/", 2) : [access.org.name, n];
    if (o !== access.org.name) throw InvalidError.field("sources", `Runs can only be promoted from models of ${access.org.name}; '${n}' is elsewhere.`);
    return p;
  });
  if (bare.includes(access.project.name)) throw InvalidError.field("sources", "A model is always its own source; list only other models.");
  const found = bare.length
    ? await tx
        .select({ id: projects.id, name: projects.name })
        .from(projects)
        .where(and(eq(projects.orgId, access.org.id), inArray(projects.name, bare), projectVisibleTo(actor)))
    : [];
  // An invisible model is reported like a missing one: the list never confirms it exists.
  const missing = bare.filter((n) => !found.some((f) => f.name === n));
  if (missing.length) throw InvalidError.field("sources", `${access.org.name} has no model named ${missing.join(", ")} that you can see.`);
  await tx.delete(projectSources).where(eq(projectSources.projectId, access.project.id));
  if (found.length) await tx.insert(projectSources).values(found.map((f) => ({ projectId: access.project.id, sourceProjectId: f.id })));
  await recordActivity(tx, {
    orgId: access.org.id,
    projectId: access.project.id,
    actorId: actorIdOf(actor),
    verb: "project.sources_changed",
    target: `${access.org.name}/${access.project.name}`,
    details: { sources: found.map((f) => f.name).sort() },
  });
}

/** Sets the projects whose runs may be promoted into this model (names in the same organization). */
export async function setPromotionSources(db: DB, actor: Actor, owner: string, name: string, input: unknown): Promise<void> {
  const access = await requireProject(db, actor, owner, name, "project.settings");
  const names = parse(sourceNames, input);
  await db.transaction((tx) => writeSources(tx, actor, access, names));
}

/**
 * Applies a settings patch in one transaction — features, visibility, protected stages, access
 * (`teams` and `grants` replace the current lists) and `sources` — and returns the new settings.
 */
export async function updateProjectSettings(db: DB, actor: Actor, owner: string, name: string, input: unknown): Promise<ProjectSettingsView> {
  const access = await requireProject(db, actor, owner, name, "project.settings");
  const data = parse(settingsPatchSchema, input);
  const p = access.project;
  const target = `${access.org.name}/${p.name}`;
  const base = { orgId: access.org.id, projectId: p.id, actorId: actorIdOf(actor), target };
  let excluded: Feature[] | undefined = data.excluded_features;
  if (data.features) {
    const now = new Set(p.excludedFeatures as Feature[]);
    for (const [f, on] of Object.entries(data.features) as [Feature, boolean | undefined][]) {
      if (on === true) now.delete(f);
      if (on === false) now.add(f);
    }
    excluded = FEATURES.filter((f) => now.has(f));
  }
  await db.transaction(async (tx) => {
    const changes: Partial<typeof projects.$inferInsert> = {};
    if (excluded) changes.excludedFeatures = excluded;
    if (data.is_public !== undefined) changes.isPublic = data.is_public;
    if (
      data.protected_stages !== undefined ||
      data.require_approval !== undefined ||
      data.exclusive_stages !== undefined ||
      data.exclusive_fallback !== undefined ||
      data.protected_aliases !== undefined
    ) {
      changes.settings = {
        ...p.settings,
        ...(data.protected_stages !== undefined ? { protectedStages: data.protected_stages } : {}),
        ...(data.require_approval !== undefined ? { requireApproval: data.require_approval } : {}),
        ...(data.exclusive_stages !== undefined ? { exclusiveStages: data.exclusive_stages } : {}),
        ...(data.exclusive_fallback !== undefined ? { exclusiveFallback: data.exclusive_fallback } : {}),
        ...(data.protected_aliases !== undefined ? { protectedAliases: data.protected_aliases } : {}),
      };
    }
    if (Object.keys(changes).length) {
      await tx
        .update(projects)
        .set({ ...changes, updatedAt: sql`now()` })
        .where(eq(projects.id, p.id));
      if (changes.excludedFeatures) await recordActivity(tx, { ...base, verb: "project.features_changed", details: { excluded_features: excluded } });
      if (changes.isPublic !== undefined && changes.isPublic !== p.isPublic) {
        await recordActivity(tx, { ...base, verb: "project.visibility_changed", details: { is_public: changes.isPublic } });
      }
      if (changes.settings) {
        await recordActivity(tx, {
          ...base,
          verb: "project.settings_changed",
          details: {
            protectedStages: changes.settings.protectedStages,
            requireApproval: changes.settings.requireApproval,
            ...(data.exclusive_stages !== undefined ? { exclusiveStages: changes.settings.exclusiveStages } : {}),
            ...(data.exclusive_fallback !== undefined ? { exclusiveFallback: changes.settings.exclusiveFallback } : {}),
            ...(data.protected_aliases !== undefined ? { protectedAliases: changes.settings.protectedAliases } : {}),
          },
        });
      }
    }
    const writeLists = async () => {
      if (data.teams) await writeTeams(tx, actor, access, data.teams);
      if (data.grants) await writeGrants(tx, actor, access, data.grants);
      if (data.sources) await writeSources(tx, actor, access, data.sources);
    };
    // Invalid input is reported before a lock-out: the guard looks once every list is written.
    if (data.teams || data.grants) await guardAdmins(tx, actor, access, Boolean(data.confirm), writeLists);
    else await writeLists();
  });
  // Answer with what was written, even when the change took the actor's own access away (a team
  // restriction they are not in): the write succeeded, and their next request will be a 404.
  const [fresh] = await db.select().from(projects).where(eq(projects.id, p.id)).limit(1);
  return settingsOf(db, actor, { ...access, project: fresh });
}

/** The ids of the projects whose runs may be promoted into `projectId` (besides itself). */
export async function promotionSourceIds(db: DB, projectId: number): Promise<number[]> {
  const rows = await db.select({ id: projectSources.sourceProjectId }).from(projectSources).where(eq(projectSources.projectId, projectId)).limit(1000);
  return rows.map((r) => r.id);
}
