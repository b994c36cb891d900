// The whole data model of Modelreg (DESIGN §3). snake_case in SQL, camelCase in TypeScript.
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

export const orgRoleEnum = pgEnum("org_role", ["viewer", "member", "admin", "manager", "owner"]);
export const projectRoleEnum = pgEnum("project_role", ["viewer", "member", "admin"]);
export const stageEnum = pgEnum("version_stage", ["testing", "staging", "production", "disabled"]);
export const versionKindEnum = pgEnum("version_kind", ["model", "artifact"]);
export const runStatusEnum = pgEnum("run_status", ["created", "running", "succeeded", "failed", "stopped"]);
export const liveStateEnum = pgEnum("live_state", ["live", "archived"]);

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

export const users = pgTable(
  "users",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    username: text("username").notNull(),
    email: text("email").notNull(),
    name: text("name").notNull().default(""),
    passwordHash: text("password_hash").notNull(),
    /** When the password last changed: browser sessions signed in before it are no longer valid. */
    passwordChangedAt: timestamp("password_changed_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("users_username_key").on(t.username),
    uniqueIndex("users_email_key").on(t.email),
    check("users_username_slug", sql`${t.username} ~ '^[a-z0-9](?:[a-z0-9-]{0,37}[a-z0-9])?$'`),
  ],
);

export const organizations = pgTable(
  "organizations",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    name: text("name").notNull(),
    displayName: text("display_name").notNull().default(""),
    description: text("description").notNull().default(""),
    personal: boolean("personal").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("organizations_name_key").on(t.name), check("organizations_name_slug", sql`${t.name} ~ '^[a-z0-9](?:[a-z0-9-]{0,37}[a-z0-9])?$'`)],
);

export const memberships = pgTable(
  "memberships",
  {
    orgId: integer("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: orgRoleEnum("role").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);

export const teams = pgTable(
  "teams",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    orgId: integer("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("teams_org_name_key").on(t.orgId, t.name)],
);

export const teamMembers = pgTable(
  "team_members",
  {
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: projectRoleEnum("role").notNull().default("member"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index("team_members_user_idx").on(t.userId)],
);

export type ProjectSettings = {
  /** Stages that only project admins may move a version into. Default: production. */
  protectedStages?: ("testing" | "staging" | "production" | "disabled")[];
  /**
   * A member's change into or out of a protected stage becomes a pending request (a stage condition with
   * status Pending) that a project admin approves or rejects, instead of being refused.
   */
  requireApproval?: boolean;
  /** Aliases only project admins may set, move or remove (members' moves become requests with approvals on). Default: champion. */
  protectedAliases?: string[];
  /** Stages that hold at most one model version: entering one moves the previous holder to `exclusiveFallback`. */
  exclusiveStages?: ("testing" | "staging" | "production" | "disabled")[];
  /** Where the previous holder of an exclusive stage goes (default: staging). */
  exclusiveFallback?: "testing" | "staging" | "production" | "disabled";
};

export const projects = pgTable(
  "projects",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    uuid: uuid("uuid").notNull().defaultRandom(),
    orgId: integer("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    readme: text("readme").notNull().default(""),
    isPublic: boolean("is_public").notNull().default(false),
    excludedFeatures: text("excluded_features").array().notNull().default(sql`'{}'::text[]`),
    settings: jsonb("settings").$type<ProjectSettings>().notNull().default({}),
    liveState: liveStateEnum("live_state").notNull().default("live"),
    createdById: integer("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("projects_uuid_key").on(t.uuid),
    uniqueIndex("projects_org_name_key").on(t.orgId, t.name),
    index("projects_org_updated_idx").on(t.orgId, t.updatedAt.desc()),
    index("projects_public_updated_idx").on(t.updatedAt.desc()).where(sql`${t.isPublic}`),
    // Search (lib/registry/search.ts): substring matches on names and descriptions.
    index("projects_name_trgm_idx").using("gin", sql`${t.name} gin_trgm_ops`),
    index("projects_description_trgm_idx").using("gin", sql`${t.description} gin_trgm_ops`),
    index("projects_tags_idx").using("gin", t.tags),
    // Explore (lib/registry/explore.ts): public models by name.
    index("projects_public_name_idx").on(t.name).where(sql`${t.isPublic}`),
    check("projects_name_slug", sql`${t.name} ~ '^[a-z0-9](?:[a-z0-9._-]{0,126}[a-z0-9])?$'`),
  ],
);

export const projectTeams = pgTable(
  "project_teams",
  {
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.teamId] }), index("project_teams_team_idx").on(t.teamId)],
);

export const projectUsers = pgTable(
  "project_users",
  {
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: projectRoleEnum("role").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId] }), index("project_users_user_idx").on(t.userId)],
);

export const projectSources = pgTable(
  "project_sources",
  {
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    sourceProjectId: integer("source_project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.sourceProjectId] }), check("project_sources_not_self", sql`${t.projectId} <> ${t.sourceProjectId}`)],
);

export type RunArtifact = { name: string; kind: string; path: string };

export const runs = pgTable(
  "runs",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    uuid: uuid("uuid").notNull().defaultRandom(),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull().default(""),
    description: text("description").notNull().default(""),
    status: runStatusEnum("status").notNull().default("created"),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    inputs: jsonb("inputs").$type<Record<string, unknown>>().notNull().default({}),
    outputs: jsonb("outputs").$type<Record<string, unknown>>().notNull().default({}),
    artifacts: jsonb("artifacts").$type<RunArtifact[]>().notNull().default([]),
    metaInfo: jsonb("meta_info").$type<Record<string, unknown>>().notNull().default({}),
    createdById: integer("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("runs_uuid_key").on(t.uuid),
    index("runs_project_created_idx").on(t.projectId, t.createdAt.desc()),
    index("runs_project_updated_idx").on(t.projectId, t.updatedAt.desc()),
    index("runs_name_trgm_idx").using("gin", sql`${t.name} gin_trgm_ops`),
  ],
);

export type ExternalRun = { uuid?: string; project?: string; url?: string };

export const versions = pgTable(
  "versions",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    uuid: uuid("uuid").notNull().defaultRandom(),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    kind: versionKindEnum("kind").notNull().default("model"),
    name: text("name").notNull(),
    /** n when the name is `v{n}`: lets the next automatic name be found by an index, without gaps. */
    nameNumber: integer("name_number"),
    description: text("description").notNull().default(""),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    stage: stageEnum("stage").notNull().default("testing"),
    runId: integer("run_id").references(() => runs.id, { onDelete: "set null" }),
    externalRun: jsonb("external_run").$type<ExternalRun>(),
    artifacts: text("artifacts").array().notNull().default(sql`'{}'::text[]`),
    metaInfo: jsonb("meta_info").$type<Record<string, unknown>>().notNull().default({}),
    content: text("content"),
    readme: text("readme").notNull().default(""),
    connection: text("connection"),
    copiedFromId: integer("copied_from_id"),
    createdById: integer("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("versions_uuid_key").on(t.uuid),
    uniqueIndex("versions_project_kind_name_key").on(t.projectId, t.kind, t.name),
    index("versions_project_kind_number_idx").on(t.projectId, t.kind, t.nameNumber),
    index("versions_project_created_idx").on(t.projectId, t.kind, t.createdAt.desc()),
    index("versions_project_updated_idx").on(t.projectId, t.kind, t.updatedAt.desc()),
    index("versions_project_stage_idx").on(t.projectId, t.kind, t.stage, t.updatedAt.desc()),
    // PQL sorts are plain `created_at DESC, id DESC` (NULLS FIRST): these match them exactly, so a filtered page
    // walks an index in order and stops after `limit` rows instead of sorting every match (bench/RESULTS.md).
    index("versions_project_kind_created_id_idx").on(t.projectId, t.kind, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("versions_project_kind_updated_id_idx").on(t.projectId, t.kind, t.updatedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("versions_project_kind_stage_created_id_idx").on(t.projectId, t.kind, t.stage, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // MLflow's searches (bench/RESULTS.md, mlflow section): one model by version number (MLflow's default order, versions
    // without a number last), and across models by creation or update time, each walked in order and stopped at the page.
    index("versions_project_kind_number_id_idx").on(t.projectId, t.kind, t.nameNumber.desc().nullsLast(), t.id.desc().nullsFirst()),
    index("versions_model_created_id_idx").on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`${t.kind} = 'model'`),
    index("versions_model_updated_id_idx").on(t.updatedAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`${t.kind} = 'model'`),
    index("versions_name_trgm_idx").using("gin", sql`${t.name} gin_trgm_ops`),
    index("versions_tags_idx").using("gin", t.tags),
    index("versions_run_idx").on(t.runId),
    // A version's copies, for its lineage (lib/registry/lineage.ts).
    index("versions_copied_from_idx").on(t.copiedFromId).where(sql`${t.copiedFromId} is not null`),
    foreignKey({ columns: [t.copiedFromId], foreignColumns: [t.id], name: "versions_copied_from_fk" }).onDelete("set null"),
    check("versions_name_slug", sql`${t.name} ~ '^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,126}[A-Za-z0-9])?$'`),
  ],
);

export const stageConditions = pgTable(
  "stage_conditions",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    versionId: integer("version_id")
      .notNull()
      .references(() => versions.id, { onDelete: "cascade" }),
    type: stageEnum("type").notNull(),
    fromStage: stageEnum("from_stage"),
    status: text("status").notNull().default("True"),
    reason: text("reason").notNull().default(""),
    message: text("message").notNull().default(""),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    actorId: integer("actor_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("stage_conditions_version_idx").on(t.versionId, t.createdAt, t.id),
    // The approval workflow: at most one open request (status Pending) per version. Also the index behind
    // "which versions await approval" on lists.
    uniqueIndex("stage_conditions_one_pending_key").on(t.versionId).where(sql`${t.status} = 'Pending'`),
  ],
);

/**
 * Downloads of a version's files, one counter per version and UTC day (lib/registry/downloads.ts): a download
 * is one upsert of its day's row, never a row per request. project_id is kept for per-model sums over a range.
 */
export const versionDownloads = pgTable(
  "version_downloads",
  {
    versionId: integer("version_id")
      .notNull()
      .references(() => versions.id, { onDelete: "cascade" }),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    day: date("day", { mode: "string" }).notNull(),
    count: bigint("count", { mode: "number" }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.versionId, t.day] }),
    index("version_downloads_project_day_idx").on(t.projectId, t.day),
    check("version_downloads_count_positive", sql`${t.count} >= 0`),
  ],
);

/** Named pointers (`champion`) to one model version each, unique per model. */
export const modelAliases = pgTable(
  "model_aliases",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    versionId: integer("version_id")
      .notNull()
      .references(() => versions.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    updatedById: integer("updated_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("model_aliases_project_name_key").on(t.projectId, t.name),
    index("model_aliases_version_idx").on(t.versionId),
    check("model_aliases_name_slug", sql`${t.name} ~ '^[a-z0-9](?:[a-z0-9_-]{0,62}[a-z0-9])?$'`),
  ],
);

/**
 * MLflow's key/value tags (the MLflow surface, issue 17), kept apart from Modelreg's plain `tags` text[] so both
 * round-trip: a model's (`version_id` unused) and a version's. (key, value) is indexed for `tags.k = 'v'` searches.
 */
export const mlflowModelTags = pgTable(
  "mlflow_model_tags",
  {
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    value: text("value").notNull().default(""),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.key] }), index("mlflow_model_tags_key_value_idx").on(t.key, t.value)],
);

export const mlflowVersionTags = pgTable(
  "mlflow_version_tags",
  {
    versionId: integer("version_id")
      .notNull()
      .references(() => versions.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    value: text("value").notNull().default(""),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.key] }), index("mlflow_version_tags_key_value_idx").on(t.key, t.value, t.versionId)],
);

/**
 * The history of alias moves: one row per set, move or removal (and per request, status Pending, decided like
 * stage requests). Version names are kept as text so the entry outlives the version.
 */
export const aliasEvents = pgTable(
  "alias_events",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    alias: text("alias").notNull(),
    /** The version the alias points at after the event (null: removed). */
    versionId: integer("version_id").references(() => versions.id, { onDelete: "set null" }),
    versionName: text("version_name"),
    /** The version it pointed at before (null: new). */
    fromVersionId: integer("from_version_id").references(() => versions.id, { onDelete: "set null" }),
    fromVersionName: text("from_version_name"),
    status: text("status").notNull().default("True"),
    reason: text("reason").notNull().default(""),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    actorId: integer("actor_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("alias_events_project_alias_idx").on(t.projectId, t.alias, t.id),
    index("alias_events_version_idx").on(t.versionId, t.id),
    index("alias_events_from_version_idx").on(t.fromVersionId, t.id),
    // One open request per alias (the same rule as stage requests, one per version).
    uniqueIndex("alias_events_one_pending_key").on(t.projectId, t.alias).where(sql`${t.status} = 'Pending'`),
  ],
);

export const files = pgTable(
  "files",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    versionId: integer("version_id")
      .notNull()
      .references(() => versions.id, { onDelete: "cascade" }),
    path: text("path").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    contentType: text("content_type").notNull().default("application/octet-stream"),
    createdById: integer("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("files_version_path_key").on(t.versionId, t.path),
    index("files_sha256_idx").on(t.sha256),
    check("files_sha256_hex", sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
    check("files_size_nonnegative", sql`${t.size} >= 0`),
  ],
);

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    tokenHash: text("token_hash").notNull(),
    scopes: text("scopes").array().notNull().default(sql`'{}'::text[]`),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("api_tokens_hash_key").on(t.tokenHash),
    index("api_tokens_user_idx").on(t.userId),
    // One name per user, whatever the case: revoking "CI" must not be a guess between two of them.
    uniqueIndex("api_tokens_user_name_key").on(t.userId, sql`lower(${t.name})`),
  ],
);

/** The activity verbs that are a change of a model's versions: a new one, a stage change, an alias set, moved or removed. */
export const RECENT_VERBS = [
  "version.registered",
  "version.copied",
  "version.transferred_in",
  "version.stage_changed",
  "version.alias_set",
  "version.alias_moved",
  "version.alias_removed",
] as const;

export const activities = pgTable(
  "activities",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: integer("org_id").references(() => organizations.id, { onDelete: "cascade" }),
    /**
     * The project the change was about. No foreign key on purpose: when the project is deleted its rows keep
     * the id, which then names its row in deleted_projects (project ids are never reused), so the log still
     * shows them only to those who could see the project. 0: a project deleted before snapshots were kept.
     */
    projectId: integer("project_id"),
    actorId: integer("actor_id").references(() => users.id, { onDelete: "set null" }),
    verb: text("verb").notNull(),
    target: text("target").notNull(),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    index("activities_org_created_idx").on(t.orgId, t.createdAt.desc()),
    index("activities_project_created_idx").on(t.projectId, t.createdAt.desc()),
    // The transfers a version went through, by its name, for its lineage (lib/registry/lineage.ts).
    index("activities_transfers_idx").on(t.orgId, t.target, t.createdAt).where(sql`${t.verb} = 'version.transferred_in'`),
    // "Recently changed across models" (lib/registry/org-recent.ts): the organization's version changes, newest first.
    index("activities_org_recent_idx")
      .on(t.orgId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql.raw(`verb in (${RECENT_VERBS.map((v) => `'${v}'`).join(", ")})`)),
  ],
);

/**
 * What a deleted project's activity needs to stay as private as the project was: its name and a snapshot of
 * who could see it (public flag, the teams it was restricted to, the users granted on it). One row per deleted
 * project, looked up by primary key from each activity row: the org log stays one indexed query.
 */
export const deletedProjects = pgTable(
  "deleted_projects",
  {
    /** The deleted project's id (activities.project_id). */
    id: integer("id").primaryKey(),
    orgId: integer("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    isPublic: boolean("is_public").notNull(),
    /** The teams it was restricted to; empty = it was open to the whole organization. */
    teamIds: integer("team_ids").array().notNull().default(sql`'{}'::int[]`),
    /** The users with a grant on it (outsiders included). */
    userIds: integer("user_ids").array().notNull().default(sql`'{}'::int[]`),
    deletedAt: timestamp("deleted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("deleted_projects_org_idx").on(t.orgId)],
);

export const webhookDeliveryStatusEnum = pgEnum("webhook_delivery_status", ["pending", "succeeded", "failed"]);

/** A webhook of one model (project_id set) or of a whole organization (project_id null). */
export const webhooks = pgTable(
  "webhooks",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    orgId: integer("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    projectId: integer("project_id").references(() => projects.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    events: text("events").array().notNull(),
    active: boolean("active").notNull().default(true),
    description: text("description").notNull().default(""),
    /** AES-256-GCM of the signing secret under a key derived from the session secret (lib/registry/webhook-secret.ts). */
    secretEnc: text("secret_enc").notNull(),
    createdById: integer("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("webhooks_project_idx").on(t.projectId),
    index("webhooks_org_idx").on(t.orgId).where(sql`${t.projectId} is null`),
    check("webhooks_events_nonempty", sql`cardinality(${t.events}) > 0`),
  ],
);

/** The outbox: one row per (event, hook), written in the transaction of the change; the worker delivers it. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    webhookId: integer("webhook_id")
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    event: text("event").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: webhookDeliveryStatusEnum("status").notNull().default("pending"),
    /** Attempts made in all (numbering of webhook_attempts). */
    attempts: integer("attempts").notNull().default(0),
    /** Attempts made since it was (re)queued, bounded by the retry limit. */
    roundAttempts: integer("round_attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    /** A worker's claim: no other worker takes the row before this time. */
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lastStatusCode: integer("last_status_code"),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("webhook_deliveries_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("webhook_deliveries_hook_created_idx").on(t.webhookId, t.createdAt.desc()),
    index("webhook_deliveries_created_idx").on(t.createdAt),
  ],
);

/** One HTTP attempt of a delivery: what the receiver answered and how long it took. */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    deliveryId: uuid("delivery_id")
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    attempt: integer("attempt").notNull(),
    ok: boolean("ok").notNull(),
    statusCode: integer("status_code"),
    latencyMs: integer("latency_ms").notNull(),
    error: text("error").notNull().default(""),
    responseExcerpt: text("response_excerpt").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("webhook_attempts_delivery_attempt_key").on(t.deliveryId, t.attempt)],
);

/** Fixed-window counters shared by every web process (rate limits must hold behind a load balancer). */
/**
 * Browser sessions. The JWT cookie carries a random session id; this row (keyed by its sha256) must exist for
 * the cookie to count: signing out deletes it, a password change deletes all of the user's.
 */
export const sessions = pgTable(
  "sessions",
  {
    idHash: text("id_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const rateLimits = pgTable("rate_limits", {
  key: text("key").primaryKey(),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
  count: integer("count").notNull(),
});

export type User = typeof users.$inferSelect;
export type Organization = typeof organizations.$inferSelect;
export type Project = typeof projects.$inferSelect;
export type Version = typeof versions.$inferSelect;
export type Run = typeof runs.$inferSelect;
export type ModelAlias = typeof modelAliases.$inferSelect;
export type AliasEvent = typeof aliasEvents.$inferSelect;
export type MlflowTag = { key: string; value: string };
export type OrgRole = (typeof orgRoleEnum.enumValues)[number];
export type ProjectRole = (typeof projectRoleEnum.enumValues)[number];
export type Stage = (typeof stageEnum.enumValues)[number];
