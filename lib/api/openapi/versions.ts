// The wire shapes of model versions and their stages in the OpenAPI document: request bodies are the registry's
// own zod schemas where they carry no transforms; the answers (Polyaxon's shapes) are typed here.
import { z } from "zod";
import { PROJECT_ROLES } from "@/lib/authz";
import { decisionSchema } from "@/lib/registry/approvals";
import { stageChangeSchema } from "@/lib/registry/stages";
import { KINDS, STAGES } from "@/lib/registry/version-view";
import { errorResponses, json, jsonBody, pageQuerySchema, registerRoute, type OpenAPIRegistry } from "./builder";

const iso = z.string().describe("ISO 8601 date-time");
const versionNameDoc = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/);
const externalRun = z.object({ uuid: z.string().optional(), project: z.string().optional(), url: z.string().optional() });

const ConditionSchema = z
  .object({
    type: z.enum(STAGES),
    status: z
      .string()
      .describe(
        '"True" when applied, "False" when only recorded; with approvals: "Pending" (a request awaiting a project admin), ' +
          '"Requested" (a request since decided), "Rejected" (an admin refused it), "Withdrawn" (its author took it back)',
      ),
    reason: z.string(),
    message: z.string(),
    last_update_time: iso,
    last_transition_time: iso,
    meta_info: z
      .record(z.string(), z.unknown())
      .describe(
        "`user` (who), `from_stage`, `copied_from` on a copy's first entry; `request_id` on a request and on its decision, which also carries `decision` and `requested_by`",
      ),
  })
  .strict()
  .meta({ id: "StageCondition" });

const StageObjectSchema = z
  .object({ uuid: z.string().uuid(), stage: z.enum(STAGES), stage_conditions: z.array(ConditionSchema) })
  .strict()
  .meta({ id: "StageObject", description: "Exactly these keys: Polyaxon's CLI rejects unknown ones." });

export const VersionSchema = z
  .object({
    uuid: z.string().uuid(),
    owner: z.string(),
    project: z.string(),
    name: z.string(),
    kind: z.enum(KINDS),
    description: z.string(),
    tags: z.array(z.string()),
    stage: z.enum(STAGES),
    stage_conditions: z.array(ConditionSchema).describe("The history (single reads); empty in lists"),
    run: z.string().nullable().describe("The run's uuid: local, or an external reference's"),
    artifacts: z.array(z.string()),
    meta_info: z.record(z.string(), z.unknown()).describe("framework, metrics, params, signature …"),
    content: z.string().describe("JSON or YAML text, as sent"),
    readme: z.string(),
    connection: z.string().nullable(),
    created_at: iso,
    updated_at: iso,
    role: z.enum(PROJECT_ROLES).nullable().describe("The caller's role on the model"),
    contributors: z.array(z.object({ username: z.string() })),
    run_url: z.string().nullable().describe("/owner/project/runs/uuid for a local run, the URL of an external one"),
    run_project: z.string().nullable(),
    external_run: externalRun.nullable(),
    created_by: z.string().nullable(),
    copied_from: z.string().nullable().describe("owner/project:name of the version this is a copy of"),
    aliases: z.array(z.string()).describe("The model's aliases that point at this version (champion …)"),
  })
  .meta({ id: "Version" });

const editable = {
  description: z.string().max(5000).optional(),
  tags: z.array(z.string().min(1).max(64)).max(50).optional(),
  meta_info: z.record(z.string(), z.unknown()).optional(),
  content: z
    .union([z.string(), z.record(z.string(), z.unknown()), z.null()])
    .optional()
    .describe("Text; an object is stored as its JSON"),
  readme: z.string().max(200_000).optional(),
  artifacts: z.array(z.string().min(1).max(256)).max(200).optional(),
  connection: z.string().max(256).nullable().optional(),
};

const RegisterBody = z
  .object({
    name: versionNameDoc.optional().describe("Default: the next v{n}. 'new' and 'compare' are reserved."),
    ...editable,
    run: z
      .union([z.string(), externalRun, z.null()])
      .optional()
      .describe("A run uuid (linked when it is a run of this organization that may be promoted here), a URL, or {uuid, project, url}"),
    force: z
      .boolean()
      .optional()
      .describe("Overwrite an existing version of that name instead of answering 409; refused for a version in a protected stage (admin 409, member 403)"),
  })
  .meta({ id: "RegisterVersion" });
const UpdateBody = z.object({ name: versionNameDoc.optional(), ...editable }).meta({ id: "UpdateVersion" });
const StageBody = stageChangeSchema.meta({ id: "StageChange", description: "The server's clock decides the stored times." });
const DecisionBody = decisionSchema.meta({
  id: "StageDecision",
  description: "All optional. `request_id`: the pending request decided on (its condition's meta_info.request_id); if another one is pending by now, 409.",
});
const MoveBody = z
  .object({ project: z.string().describe("A model of the same organization: 'name' or 'owner/name'"), name: versionNameDoc.optional().describe("copy only") })
  .meta({ id: "MoveVersion" });

const modelParams = z.object({ owner: z.string(), project: z.string(), kind: z.enum(KINDS) });
const versionParams = modelParams.extend({
  name: z.string().describe("Looked up literally (`latest` is a name); `@champion` is the version the alias champion points at"),
});
const ListSchema = z
  .object({
    count: z.number().int(),
    count_capped: z.boolean().describe("True when there are more than `count` (the count stops at 10,000)"),
    results: z.array(VersionSchema),
    previous: z.string().nullable(),
    next: z.string().nullable(),
  })
  .meta({ id: "VersionList" });

export function registerVersionsApi(r: OpenAPIRegistry): void {
  const base = "/api/v1/{owner}/{project}/versions/{kind}";
  registerRoute(r, {
    method: "get",
    path: base,
    auth: "optional",
    summary: "List versions",
    description:
      "PQL `query` on name, description, uuid, kind, stage, tags, alias (`alias:champion`, `alias:nil`), run, created_at, updated_at and `meta.<path>`; `sort` by those or a meta path (`-meta.metrics.auc`). `count` is exact up to 10,000; beyond, `count_capped` is true.",
    request: { params: modelParams, query: pageQuerySchema.extend({ query: z.string().optional(), sort: z.string().optional() }) },
    responses: { 200: json(ListSchema), ...errorResponses(400, 404) },
  });
  registerRoute(r, {
    method: "post",
    path: base,
    auth: "required",
    summary: "Register a version (project member)",
    request: { params: modelParams, body: jsonBody(RegisterBody) },
    responses: { 201: json(VersionSchema, "Created"), ...errorResponses(400, 403, 404, 409) },
  });
  registerRoute(r, {
    method: "get",
    path: `${base}/{name}`,
    auth: "optional",
    summary: "Read a version with its stage history",
    request: { params: versionParams },
    responses: { 200: json(VersionSchema), ...errorResponses(404) },
  });
  registerRoute(r, {
    method: "patch",
    path: `${base}/{name}`,
    auth: "required",
    summary: "Update a version (project member)",
    description:
      "A version in a protected stage (settings.protectedStages, default production) is read-only but for its stage: a member may change nothing (403); " +
      "an admin may change description, tags and readme, and gets 409 for anything else (move it out first). Fields sent unchanged are not changes.",
    request: { params: versionParams, body: jsonBody(UpdateBody) },
    responses: { 200: json(VersionSchema), ...errorResponses(400, 403, 404, 409) },
  });
  registerRoute(r, {
    method: "delete",
    path: `${base}/{name}`,
    auth: "required",
    summary: "Delete a version with its history and files (project admin)",
    request: { params: versionParams },
    responses: { 204: { description: "Deleted" }, ...errorResponses(403, 404) },
  });
  registerRoute(r, {
    method: "get",
    path: `${base}/{name}/stages`,
    auth: "optional",
    summary: "The stage and its history",
    request: { params: versionParams },
    responses: { 200: json(StageObjectSchema), ...errorResponses(404) },
  });
  registerRoute(r, {
    method: "post",
    path: `${base}/{name}/stages`,
    auth: "required",
    summary: "Change the stage, or ask for approval",
    description:
      "Member for other stages; project admin to enter or leave a protected stage (settings.protectedStages, default production). " +
      "When the model requires approval (settings.requireApproval), a member's change into or out of a protected stage is not refused: " +
      'it is recorded as a request (a condition with status "Pending"), the version stays, and the answer is 202. ' +
      "One pending request per version: another is a 409 until an admin approves or rejects it or its author withdraws it.",
    request: { params: versionParams, body: jsonBody(StageBody) },
    responses: {
      200: json(StageObjectSchema, "Moved (or, with status false, recorded)"),
      202: json(StageObjectSchema, "Pending: the request awaits a project admin; the stage is unchanged and the last condition has status Pending"),
      ...errorResponses(400, 403, 404, 409),
    },
  });
  registerRoute(r, {
    method: "post",
    path: `${base}/{name}/stages/approve`,
    auth: "required",
    summary: "Approve the pending stage request (project admin)",
    description:
      "Moves the version as requested, in one transaction with the decision. 409 when nothing is pending, when `request_id` names another request, or when the version's stage changed since the request.",
    request: { params: versionParams, body: jsonBody(DecisionBody) },
    responses: { 200: json(StageObjectSchema, "Approved: the version moved"), ...errorResponses(400, 403, 404, 409) },
  });
  registerRoute(r, {
    method: "post",
    path: `${base}/{name}/stages/reject`,
    auth: "required",
    summary: "Reject the pending stage request (project admin)",
    description: 'Appends a condition with status "Rejected"; the version stays. 409 when nothing is pending or `request_id` names another request.',
    request: { params: versionParams, body: jsonBody(DecisionBody) },
    responses: { 200: json(StageObjectSchema, "Rejected"), ...errorResponses(400, 403, 404, 409) },
  });
  registerRoute(r, {
    method: "post",
    path: `${base}/{name}/stages/withdraw`,
    auth: "required",
    summary: "Withdraw your pending stage request",
    description: 'Only the request\'s author (403 for anyone else). Appends a condition with status "Withdrawn". 409 when nothing is pending.',
    request: { params: versionParams, body: jsonBody(DecisionBody) },
    responses: { 200: json(StageObjectSchema, "Withdrawn"), ...errorResponses(400, 403, 404, 409) },
  });
  registerRoute(r, {
    method: "post",
    path: `${base}/{name}/transfer`,
    auth: "required",
    summary: "Move the version to another model of the organization (admin on both)",
    request: { params: versionParams, body: jsonBody(MoveBody) },
    responses: { 200: json(VersionSchema), ...errorResponses(400, 403, 404, 409) },
  });
  registerRoute(r, {
    method: "post",
    path: `${base}/{name}/copy`,
    auth: "required",
    summary: "Copy the version (admin on both); the copy starts at testing",
    request: { params: versionParams, body: jsonBody(MoveBody) },
    responses: { 201: json(VersionSchema, "Created"), ...errorResponses(400, 403, 404, 409) },
  });
}
