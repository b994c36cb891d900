// The wire shapes of models (projects), their settings and activity: the zod schemas in the OpenAPI
// document, the request bodies the routes validate with (the registry's own rules), and the functions
// that produce each answer — typed by those schemas, so document and answers agree.
import { z } from "zod";
import { PROJECT_ROLES } from "@/lib/authz";
import type { Project } from "@/db/schema";
import type { ProjectRole } from "@/lib/authz";
import type { ActivityRow } from "@/lib/registry/activity";
import { createProjectSchema, FEATURES, projectToApi, STAGES, updateProjectSchema } from "@/lib/registry/projects";
import { settingsPatchSchema, type ProjectSettingsView } from "@/lib/registry/project-settings";
import { envelopeSchema, errorResponses, isoDateTime, json, jsonBody, pageQuerySchema, registerRoute, type OpenAPIRegistry, type Wire } from "./builder";
import { registerResourceRoutes } from "./resource";

const role = z.enum(PROJECT_ROLES);
const stage = z.enum(STAGES);
const feature = z.enum(FEATURES);

export const ProjectSchema = z
  .object({
    uuid: z.string().uuid(),
    owner: z.string().describe("The organization: OWNER in OWNER/NAME"),
    name: z.string(),
    description: z.string(),
    tags: z.array(z.string()),
    readme: z.string().describe("The model card, markdown"),
    is_public: z.boolean().describe("Public models are readable by everyone, signed out included"),
    created_at: isoDateTime,
    updated_at: isoDateTime,
    live_state: z.number().int().describe("1 live, 0 archived"),
    excluded_features: z.array(z.string()).describe("Switched-off features among runs, models, artifacts"),
    settings: z.object({ protectedStages: z.array(stage).optional(), requireApproval: z.boolean().optional() }),
    role: role.nullable().describe("The caller's role on the model"),
    contributors: z.array(z.string()),
    kind: z.enum(["model", "project"]).describe("`project` when the models feature is switched off"),
  })
  .meta({ id: "Project" });

export const ProjectSettingsSchema = z
  .object({
    features: z.object({ runs: z.boolean(), models: z.boolean(), artifacts: z.boolean() }),
    excluded_features: z.array(feature),
    is_public: z.boolean(),
    protected_stages: z.array(stage).describe("Moving a version into or out of these stages needs a project admin"),
    require_approval: z.boolean(),
    exclusive_stages: z.array(stage).describe("Stages that hold at most one model version: entering one moves the previous holder to exclusive_fallback"),
    exclusive_fallback: stage.describe("Where the previous holder of an exclusive stage goes (default staging)"),
    protected_aliases: z.array(z.string()).describe("Aliases only project admins may set, move or remove (default champion)"),
    teams: z.array(z.string()).describe("The teams the model is restricted to; empty: open to the whole organization"),
    grants: z.array(z.object({ user: z.string(), name: z.string(), role, member: z.boolean().describe("Member of the organization") })),
    sources: z.array(z.string()).describe("OWNER/NAME of the models whose runs may be promoted into this one"),
    access: z
      .array(z.object({ user: z.string(), name: z.string(), role, why: z.string().describe('e.g. "member via team vision"') }))
      .describe("Everyone with access and why (anyone may also read a public model)"),
  })
  .meta({ id: "ProjectSettings" });

export const ProjectActivitySchema = z
  .object({
    id: z.number().int(),
    actor: z.string().nullable().describe("Username; null when the account is gone"),
    verb: z.string().describe("e.g. project.created, project.renamed, version.created"),
    target: z.string(),
    details: z.record(z.string(), z.unknown()),
    created_at: isoDateTime,
  })
  .meta({ id: "ProjectActivity" });

export const CreateProjectBody = createProjectSchema.meta({ id: "CreateProject" });
export const UpdateProjectBody = updateProjectSchema.meta({ id: "UpdateProject" });
export const ProjectSettingsPatchBody = settingsPatchSchema.meta({ id: "ProjectSettingsPatch" });

export const projectWire = (p: Project, owner: string, r: ProjectRole | null): Wire<typeof ProjectSchema> => projectToApi(p, owner, r);

export function projectSettingsWire(s: ProjectSettingsView): Wire<typeof ProjectSettingsSchema> {
  return {
    features: s.features,
    excluded_features: s.excludedFeatures,
    is_public: s.isPublic,
    protected_stages: s.protectedStages,
    require_approval: s.requireApproval,
    exclusive_stages: s.exclusiveStages,
    exclusive_fallback: s.exclusiveFallback,
    protected_aliases: s.protectedAliases,
    teams: s.teams.filter((t) => t.selected).map((t) => t.name),
    grants: s.grants.map((g) => ({ user: g.username, name: g.name, role: g.role, member: Boolean(g.member) })),
    sources: s.sources.filter((x) => x.selected).map((x) => `${s.access.org.name}/${x.name}`),
    access: s.members.map((m) => ({ user: m.username, name: m.name, role: m.role, why: m.why })),
  };
}

export const projectActivityWire = (a: ActivityRow): Wire<typeof ProjectActivitySchema> => ({
  id: Number(a.id),
  actor: a.actor,
  verb: a.verb,
  target: a.target,
  details: a.details,
  created_at: a.createdAt.toISOString(),
});

const owner = z.object({ owner: z.string().describe("Organization name") });
const ownerProject = owner.extend({ project: z.string().describe("Model name") });
const tags = ["Models"];
const listQuery = pageQuerySchema.extend({
  query: z.string().optional().describe("PQL, e.g. `name:%fraud%, tags:nlp|vision, is_public:true, created_at:>2026-01-01`"),
  sort: z.string().optional().describe("e.g. `-updated_at` (default), `name`, `-created_at,name`"),
});

export function registerProjectsApi(r: OpenAPIRegistry): void {
  registerResourceRoutes(r, {
    tags,
    schema: ProjectSchema,
    list: {
      path: "/api/v1/{owner}/projects/list",
      params: owner,
      auth: "optional",
      summary: "The organization's models the caller may see, filtered and sorted with PQL",
      description: "Fields: name, description, tags, created_at, updated_at, is_public, kind, uuid. A bad query is a 400 naming the position.",
      query: listQuery,
      answer: envelopeSchema(ProjectSchema, "ProjectList").extend({ count_capped: z.boolean() }),
      errors: [400, 404],
    },
    create: {
      path: "/api/v1/{owner}/projects/create",
      params: owner,
      summary: "Create a model (organization admins and above; the owner of a personal organization)",
      body: CreateProjectBody,
      errors: [400, 403, 404, 409],
    },
    one: { path: "/api/v1/{owner}/{project}", params: ownerProject },
    get: { summary: "A model, with the caller's role", errors: [404] },
    update: {
      summary: "Update a model: name (rename), description, tags, readme, is_public, excluded_features, settings (project admins)",
      body: UpdateProjectBody,
      errors: [400, 403, 404, 409],
    },
    remove: { summary: "Delete a model with its versions, runs and files (project admins)", errors: [403, 404] },
  });
  registerRoute(r, {
    method: "get",
    path: "/api/v1/{owner}/{project}/settings",
    tags,
    auth: "required",
    summary: "Features, visibility, protected stages, access (teams, grants, everyone and why) and promotion sources (project admins)",
    request: { params: ownerProject },
    responses: { 200: json(ProjectSettingsSchema), ...errorResponses(403, 404) },
  });
  registerRoute(r, {
    method: "patch",
    path: "/api/v1/{owner}/{project}/settings",
    tags,
    auth: "required",
    summary: "Change settings in one transaction (project admins)",
    description:
      "`teams`, `grants` and `sources` replace the current lists. `features` switches single features; `excluded_features` sets the whole list. " +
      "A `teams` or `grants` change that takes away your own admin access, or leaves no admins but the organization's owners and managers, " +
      "is refused with 409 (`details.confirm` says what it would cost) until it is sent again with `confirm: true`.",
    request: { params: ownerProject, body: jsonBody(ProjectSettingsPatchBody) },
    responses: { 200: json(ProjectSettingsSchema), ...errorResponses(400, 403, 404, 409) },
  });
  registerRoute(r, {
    method: "get",
    path: "/api/v1/{owner}/{project}/activities",
    tags,
    auth: "optional",
    summary: "The model's activity, newest first (project viewers)",
    request: { params: ownerProject, query: pageQuerySchema },
    responses: { 200: json(envelopeSchema(ProjectActivitySchema, "ProjectActivityList").extend({ count_capped: z.boolean() })), ...errorResponses(400, 404) },
  });
}
