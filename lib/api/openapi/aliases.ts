// Model aliases in the OpenAPI document, and their wire shape (`{alias, version, updated_at, updated_by}`).
import { z } from "zod";
import type { AliasEntry } from "@/lib/registry/aliases";
import type { InboxItem } from "@/lib/registry/inbox";
import { errorResponses, isoDateTime, json, jsonBody, registerRoute, type OpenAPIRegistry, type Wire } from "./builder";

export const AliasSchema = z
  .object({
    alias: z.string(),
    version: z.string().describe("The name of the model version it points at"),
    updated_at: isoDateTime,
    updated_by: z.string().nullable(),
  })
  .meta({ id: "Alias" });

const AliasListSchema = z.object({ count: z.number().int(), results: z.array(AliasSchema) }).meta({ id: "AliasList" });

const SetAliasBody = z
  .object({
    version: z.string().min(1).describe("The model version's name (v12), or another alias (@challenger)"),
    reason: z.string().max(200).optional(),
  })
  .meta({ id: "SetAlias" });

const PendingAliasSchema = AliasSchema.extend({ pending: z.literal(true), request_id: z.string().uuid() }).meta({ id: "PendingAlias" });
const DecisionBody = z
  .object({
    reason: z.string().max(200).optional(),
    request_id: z.string().uuid().optional().describe("The request decided on: 409 if another one is pending by now"),
  })
  .meta({ id: "AliasDecision" });
const DecisionAnswer = z.object({ alias: AliasSchema.nullable() }).meta({ id: "AliasDecisionResult" });

export const RequestSchema = z
  .object({
    kind: z.enum(["stage", "alias"]),
    owner: z.string(),
    project: z.string(),
    version: z.string().nullable().describe("stage: the version to move; alias: the version to point the alias at"),
    alias: z.string().nullable(),
    from: z.string().nullable().describe("stage: the stage it is in; alias: the version the alias is on"),
    to: z.string().nullable(),
    request_id: z.string(),
    requested_by: z.string().nullable(),
    requested_at: isoDateTime,
    reason: z.string(),
    status: z.enum(["pending", "approved", "rejected", "withdrawn"]),
    decided_by: z.string().nullable(),
    can_decide: z.boolean().describe("The caller may approve or reject it"),
    mine: z.boolean().describe("The caller asked"),
  })
  .meta({ id: "Request" });

export function requestWire(r: InboxItem): Wire<typeof RequestSchema> {
  return {
    kind: r.kind,
    owner: r.owner,
    project: r.project,
    version: r.version,
    alias: r.alias,
    from: r.from,
    to: r.to,
    request_id: r.requestId,
    requested_by: r.requestedBy,
    requested_at: r.requestedAt.toISOString(),
    reason: r.reason,
    status: r.status,
    decided_by: r.decidedBy,
    can_decide: r.canDecide,
    mine: r.mine,
  };
}

export function aliasWire(a: AliasEntry): Wire<typeof AliasSchema> {
  return { alias: a.alias, version: a.version, updated_at: a.updatedAt.toISOString(), updated_by: a.updatedBy };
}

export function registerAliasesApi(r: OpenAPIRegistry): void {
  registerRoute(r, {
    method: "get",
    path: "/api/v1/requests",
    auth: "required",
    summary: "The inbox: pending stage and alias requests",
    description:
      "Every pending stage and alias request the caller may decide (project admin), across their organizations, then the caller's own recent requests with their outcome.",
    responses: { 200: json(z.object({ count: z.number().int(), results: z.array(RequestSchema) }).meta({ id: "RequestList" })), ...errorResponses(401) },
  });
  const params = z.object({ owner: z.string(), project: z.string() });
  const aliasParams = params.extend({
    alias: z.string().describe("Lower-case letters, digits, '-' and '_'; not a stage name, 'latest' or v{n}"),
  });
  registerRoute(r, {
    method: "get",
    path: "/api/v1/{owner}/{project}/aliases",
    auth: "optional",
    summary: "List the model's aliases",
    description: "Every alias of the model and the version it points at. A version is read through an alias as `…/versions/model/@champion`.",
    request: { params },
    responses: { 200: json(AliasListSchema), ...errorResponses(404) },
  });
  registerRoute(r, {
    method: "put",
    path: "/api/v1/{owner}/{project}/aliases/{alias}",
    auth: "required",
    summary: "Set or move an alias",
    description:
      "Points the alias at a model version of this model, moving it if it exists (one transaction, recorded in the version's history and the activity). " +
      "Project member; a protected alias (settings.protected_aliases, default champion) needs a project admin.",
    request: { params: aliasParams, body: jsonBody(SetAliasBody) },
    responses: {
      200: json(AliasSchema, "Moved (or already there)"),
      201: json(AliasSchema, "Created"),
      202: json(PendingAliasSchema, "A member's move of a protected alias on a model that requires approval: recorded as a request; the alias is unchanged"),
      ...errorResponses(400, 403, 404, 409),
    },
  });
  for (const [verb, who, what] of [
    [
      "approve",
      "project admin",
      "Moves the alias as requested, in one transaction with the decision. 409 when nothing is pending, `request_id` names another request, or the alias moved since.",
    ],
    ["reject", "project admin", "Refuses the request; the alias stays."],
    ["withdraw", "the request's author", "Takes the request back; the alias stays."],
  ] as const) {
    registerRoute(r, {
      method: "post",
      path: `/api/v1/{owner}/{project}/aliases/{alias}/${verb}`,
      auth: "required",
      summary: `${verb[0].toUpperCase()}${verb.slice(1)} the pending alias request (${who})`,
      description: what,
      request: { params: aliasParams, body: jsonBody(DecisionBody) },
      responses: { 200: json(DecisionAnswer, "Decided: the alias as it now is"), ...errorResponses(400, 401, 403, 404, 409) },
    });
  }
  registerRoute(r, {
    method: "delete",
    path: "/api/v1/{owner}/{project}/aliases/{alias}",
    auth: "required",
    summary: "Remove an alias",
    request: { params: aliasParams },
    responses: { 204: { description: "Removed" }, ...errorResponses(403, 404) },
  });
}
