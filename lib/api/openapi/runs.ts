// The wire shapes of runs and promotion in the OpenAPI document: the request bodies are the registry's own
// zod schemas (so the document states the rules the routes apply), the answers are typed here.
import { z } from "zod";
import { PROJECT_ROLES } from "@/lib/authz";
import { promoteSchema } from "@/lib/registry/promote";
import { RUN_STATUSES, createRunSchema, updateRunSchema } from "@/lib/registry/runs";
import { envelopeSchema, errorResponses, json, jsonBody, pageQuerySchema, registerRoute, type OpenAPIRegistry } from "./builder";

const iso = z.string().describe("ISO 8601 date-time");
const artifact = z.object({ name: z.string(), kind: z.string(), path: z.string().describe("An opaque reference (e.g. s3://…); never opened by the server") });

export const RunSchema = z
  .object({
    uuid: z.string().uuid(),
    owner: z.string(),
    project: z.string(),
    name: z.string(),
    description: z.string(),
    status: z.enum(RUN_STATUSES),
    tags: z.array(z.string()),
    inputs: z.record(z.string(), z.unknown()).describe("Params"),
    outputs: z.record(z.string(), z.unknown()).describe("Metrics"),
    artifacts: z.array(artifact),
    meta_info: z.record(z.string(), z.unknown()).describe("Set by the server; `is_promoted` once a version was promoted from the run"),
    is_promoted: z.boolean(),
    created_by: z.string().nullable(),
    created_at: iso,
    updated_at: iso,
    role: z.enum(PROJECT_ROLES).nullable().describe("The caller's role on the run's project"),
  })
  .meta({ id: "Run" });

const PromotedVersionSchema = z
  .looseObject({
    uuid: z.string().uuid(),
    owner: z.string(),
    project: z.string(),
    name: z.string(),
    kind: z.literal("model"),
    stage: z.string(),
    run: z.string().describe("The promoted run's uuid"),
    artifacts: z.array(z.string()),
    meta_info: z.object({ metrics: z.record(z.string(), z.unknown()), params: z.record(z.string(), z.unknown()) }).loose(),
  })
  .meta({ id: "PromotedVersion", description: "The new model version, in the same shape as the versions API answers" });

const CreateRunBody = createRunSchema.meta({ id: "CreateRun" });
const UpdateRunBody = updateRunSchema.meta({
  id: "UpdateRun",
  description: "`inputs` and `outputs` are merged into the stored ones (a null value removes a key); the other fields replace.",
});
const PromoteBody = promoteSchema.meta({
  id: "PromoteRun",
  description: "`project` is OWNER/MODEL (a bare name: the run's organization); `name` defaults to the next v{n}, `artifacts` to all of the run's.",
});

const projectParams = z.object({ owner: z.string(), project: z.string() });
const runParams = projectParams.extend({ uuid: z.string().describe("The run's uuid") });

export function registerRunsApi(r: OpenAPIRegistry): void {
  registerRoute(r, {
    method: "get",
    path: "/api/v1/{owner}/{project}/runs",
    auth: "optional",
    summary: "List the runs of a project",
    description:
      "PQL `query` on name, description, status, tags, uuid, created_at, updated_at, `inputs.<param>`, `outputs.<metric>`; `sort` by any of them (e.g. `-outputs.accuracy`).",
    request: { params: projectParams, query: pageQuerySchema.extend({ query: z.string().optional(), sort: z.string().optional() }) },
    responses: { 200: json(envelopeSchema(RunSchema, "RunList")), ...errorResponses(400, 404) },
  });
  registerRoute(r, {
    method: "post",
    path: "/api/v1/{owner}/{project}/runs",
    auth: "required",
    summary: "Log a run (project member)",
    request: { params: projectParams, body: jsonBody(CreateRunBody) },
    responses: { 201: json(RunSchema, "Created"), ...errorResponses(400, 403, 404) },
  });
  registerRoute(r, {
    method: "get",
    path: "/api/v1/{owner}/{project}/runs/{uuid}",
    auth: "optional",
    summary: "Read a run",
    request: { params: runParams },
    responses: { 200: json(RunSchema), ...errorResponses(404) },
  });
  registerRoute(r, {
    method: "patch",
    path: "/api/v1/{owner}/{project}/runs/{uuid}",
    auth: "required",
    summary: "Update a run (project member)",
    request: { params: runParams, body: jsonBody(UpdateRunBody) },
    responses: { 200: json(RunSchema), ...errorResponses(400, 403, 404) },
  });
  registerRoute(r, {
    method: "post",
    path: "/api/v1/{owner}/{project}/runs/{uuid}/promote",
    auth: "required",
    summary: "Promote a run to a new model version",
    description:
      "The target must be in the same organization and be the run's project or list it among its promotion sources; the caller needs member on the target and read on the run's project; models must be enabled on the target and runs on the source. Otherwise 400 `the run is not accessible from this project`, 403 or 404.",
    request: { params: runParams, body: jsonBody(PromoteBody) },
    responses: { 201: json(PromotedVersionSchema, "Created"), ...errorResponses(400, 403, 404, 409) },
  });
}
