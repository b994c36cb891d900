// The wire shapes of webhooks and their deliveries, and the OpenAPI registrations of both scopes (a model's
// hooks under /api/v1/{owner}/{project}/webhooks, an organization's under /api/v1/orgs/{org}/webhooks).
import { z } from "zod";
import type { Delivery, Webhook } from "@/lib/registry/webhooks";
import { createWebhookSchema, updateWebhookSchema } from "@/lib/registry/webhooks";
import { envelopeSchema, errorResponses, isoDateTime, json, jsonBody, pageQuerySchema, registerRoute, type OpenAPIRegistry, type Wire } from "./builder";

export const WebhookSchema = z
  .object({
    id: z.number().int(),
    url: z.string(),
    events: z.array(z.string()).describe('Event names, or ["*"] for all'),
    active: z.boolean(),
    description: z.string(),
    owner: z.string(),
    project: z.string().nullable().describe("The model; null for an organization's hook"),
    created_by: z.string().nullable(),
    created_at: isoDateTime,
    updated_at: isoDateTime,
  })
  .meta({ id: "Webhook" });
export const WebhookWithSecretSchema = WebhookSchema.extend({
  secret: z.string().describe("The signing secret: returned here only, never again"),
}).meta({ id: "WebhookWithSecret" });
export const DeliveryAttemptSchema = z
  .object({
    attempt: z.number().int(),
    ok: z.boolean(),
    status_code: z.number().int().nullable(),
    latency_ms: z.number().int(),
    error: z.string(),
    response_excerpt: z.string().describe("The first 2 KiB of the response body"),
    created_at: isoDateTime,
  })
  .meta({ id: "WebhookDeliveryAttempt" });
export const DeliverySchema = z
  .object({
    id: z.string().uuid().describe("The X-Modelreg-Delivery header; the same on redelivery"),
    event: z.string(),
    status: z.enum(["pending", "succeeded", "failed"]),
    attempts: z.number().int(),
    status_code: z.number().int().nullable().describe("Of the last attempt"),
    next_attempt_at: isoDateTime.nullable(),
    delivered_at: isoDateTime.nullable(),
    created_at: isoDateTime,
    payload: z.record(z.string(), z.unknown()),
    log: z.array(DeliveryAttemptSchema),
  })
  .meta({ id: "WebhookDelivery" });
const QueuedSchema = z.object({ delivery: z.string().uuid() }).meta({ id: "WebhookDeliveryQueued" });

export const CreateWebhookBody = createWebhookSchema.meta({
  id: "CreateWebhook",
  description: '`url` must be http(s) and resolve to public addresses only (MODELREG_WEBHOOK_ALLOW lists allowed internal CIDRs); `events` defaults to ["*"].',
});
export const UpdateWebhookBody = updateWebhookSchema.meta({ id: "UpdateWebhook" });

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function webhookWire(h: Webhook): Wire<typeof WebhookSchema> {
  return {
    id: h.id,
    url: h.url,
    events: h.events,
    active: h.active,
    description: h.description,
    owner: h.owner,
    project: h.project,
    created_by: h.createdBy,
    created_at: h.createdAt.toISOString(),
    updated_at: h.updatedAt.toISOString(),
  };
}

export function webhookSecretWire(r: { webhook: Webhook; secret?: string }) {
  return r.secret ? { ...webhookWire(r.webhook), secret: r.secret } : webhookWire(r.webhook);
}

export function deliveryWire(d: Delivery): Wire<typeof DeliverySchema> {
  return {
    id: d.id,
    event: d.event,
    status: d.status,
    attempts: d.attempts,
    status_code: d.statusCode,
    next_attempt_at: iso(d.nextAttemptAt),
    delivered_at: iso(d.deliveredAt),
    created_at: d.createdAt.toISOString(),
    payload: d.payload,
    log: d.log.map((a) => ({
      attempt: a.attempt,
      ok: a.ok,
      status_code: a.statusCode,
      latency_ms: a.latencyMs,
      error: a.error,
      response_excerpt: a.responseExcerpt,
      created_at: a.createdAt.toISOString(),
    })),
  };
}

const projectParams = z.object({ owner: z.string(), project: z.string() });
const orgParams = z.object({ org: z.string() });

function registerScope(r: OpenAPIRegistry, base: string, params: z.ZodObject, who: string, tag: string) {
  const one = params.extend({ id: z.string().describe("The webhook's id") });
  const tags = [tag];
  registerRoute(r, {
    method: "get",
    path: base,
    tags,
    auth: "required",
    summary: `List the webhooks (${who})`,
    request: { params },
    responses: { 200: json(z.array(WebhookSchema)), ...errorResponses(401, 403, 404) },
  });
  registerRoute(r, {
    method: "post",
    path: base,
    tags,
    auth: "required",
    summary: `Create a webhook (${who}); the answer carries the secret, once`,
    request: { params, body: jsonBody(CreateWebhookBody) },
    responses: { 201: json(WebhookWithSecretSchema, "Created"), ...errorResponses(400, 401, 403, 404) },
  });
  registerRoute(r, {
    method: "get",
    path: `${base}/{id}`,
    tags,
    auth: "required",
    summary: "Read a webhook",
    request: { params: one },
    responses: { 200: json(WebhookSchema), ...errorResponses(401, 403, 404) },
  });
  registerRoute(r, {
    method: "patch",
    path: `${base}/{id}`,
    tags,
    auth: "required",
    summary: "Change a webhook",
    description: "`rotate_secret: true` generates a new secret, returned in this answer only (`secret`).",
    request: { params: one, body: jsonBody(UpdateWebhookBody) },
    responses: { 200: json(WebhookWithSecretSchema.partial({ secret: true })), ...errorResponses(400, 401, 403, 404) },
  });
  registerRoute(r, {
    method: "delete",
    path: `${base}/{id}`,
    tags,
    auth: "required",
    summary: "Delete a webhook and its delivery log",
    request: { params: one },
    responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404) },
  });
  registerRoute(r, {
    method: "post",
    path: `${base}/{id}/ping`,
    tags,
    auth: "required",
    summary: "Queue a `ping` delivery to the webhook",
    request: { params: one },
    responses: { 202: json(QueuedSchema, "Queued"), ...errorResponses(401, 403, 404) },
  });
  registerRoute(r, {
    method: "get",
    path: `${base}/{id}/deliveries`,
    tags,
    auth: "required",
    summary: "The webhook's deliveries, newest first, with every attempt",
    request: { params: one, query: pageQuerySchema },
    responses: { 200: json(envelopeSchema(DeliverySchema, `WebhookDeliveryList${tag === "Webhooks" ? "" : "Org"}`)), ...errorResponses(400, 401, 403, 404) },
  });
  registerRoute(r, {
    method: "post",
    path: `${base}/{id}/deliveries/{delivery}/redeliver`,
    tags,
    auth: "required",
    summary: "Send a delivery again, with the same delivery id",
    request: { params: one.extend({ delivery: z.string().describe("The delivery's uuid") }) },
    responses: { 202: json(QueuedSchema, "Queued"), ...errorResponses(401, 403, 404, 409) },
  });
}

export function registerWebhooksApi(r: OpenAPIRegistry): void {
  registerScope(r, "/api/v1/{owner}/{project}/webhooks", projectParams, "project admin", "Webhooks");
  registerScope(r, "/api/v1/orgs/{org}/webhooks", orgParams, "organization admin", "Organization webhooks");
}
