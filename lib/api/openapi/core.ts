// The wire shapes and OpenAPI paths of the API's backbone: the current user, tokens, and the
// handshake Polyaxon's clients make (installation, compatibility, log handler), health, this document.
import { z } from "zod";
import { credentialsTokenSchema } from "@/lib/registry/tokens";
import type { UserProfile } from "@/lib/registry/users";
import { errorResponses, json, jsonBody, registerRoute, type OpenAPIRegistry } from "./builder";

export const UserSchema = z
  .object({
    username: z.string(),
    email: z.string(),
    name: z.string(),
    kind: z.literal("user"),
    organization: z.string().describe("The user's personal organization: the default owner for `-p NAME`"),
  })
  .meta({ id: "User" });

export const TokenRequestBody = z
  .object({
    username: credentialsTokenSchema.shape.username.describe("Username or email"),
    password: credentialsTokenSchema.shape.password,
    name: credentialsTokenSchema.shape.name.describe(
      "A label for the token, shown in Settings → Access tokens; unique among your tokens (case-insensitive), else 409 with `details.name`. Omitted: `API token <date>`, numbered when taken.",
    ),
    expires_in_days: credentialsTokenSchema.shape.expiresInDays,
  })
  .meta({ id: "TokenRequest" });

export const TokenResponseSchema = z.object({ token: z.string().describe("Shown once; send it as `Authorization: Bearer <token>`") }).meta({ id: "Token" });

export const userWire = (u: UserProfile): z.output<typeof UserSchema> => ({
  username: u.username,
  email: u.email,
  name: u.name,
  kind: "user",
  organization: u.organization,
});

const InstallationSchema = z
  .object({ key: z.string(), version: z.string(), dist: z.string(), host: z.string(), auth: z.array(z.string()) })
  .meta({ id: "Installation" });
const range = z.object({ min: z.string(), latest: z.string() });
const CompatibilitySchema = z
  .object({ cli: range.optional(), platform: range.optional(), agent: range.optional(), ui: range.optional() })
  .meta({ id: "Compatibility" });

export function registerCoreApi(r: OpenAPIRegistry): void {
  registerRoute(r, {
    method: "get",
    path: "/api/v1/users",
    tags: ["Account"],
    auth: "required",
    summary: "The current user",
    responses: { 200: json(UserSchema) },
  });
  registerRoute(r, {
    method: "post",
    path: "/api/v1/auth/token",
    tags: ["Account"],
    auth: "none",
    summary: "Exchange a username (or email) and password for a personal access token",
    description: "Rate limited like the sign-in form. The token is in this answer and nowhere else, ever.",
    request: { body: jsonBody(TokenRequestBody) },
    responses: { 201: json(TokenResponseSchema, "Created"), ...errorResponses(400, 401, 409, 429) },
  });
  registerRoute(r, {
    method: "delete",
    path: "/api/v1/auth/token",
    tags: ["Account"],
    auth: "required",
    summary: "Revoke the token this request is authenticated with (log out)",
    responses: { 204: { description: "Revoked" } },
  });
  registerRoute(r, {
    method: "get",
    path: "/api/v1/health",
    tags: ["Server"],
    auth: "none",
    summary: "Ready: the database and the blob store answer",
    description: "Each dependency is probed with a bound (3 s), so a probe never hangs; a 503 names what does not answer.",
    responses: {
      200: json(z.object({ status: z.literal("ok"), database: z.literal("ok"), store: z.literal("ok") })),
      503: json(z.object({ status: z.literal("unavailable"), database: z.enum(["ok", "unavailable"]), store: z.enum(["ok", "unavailable"]) }), "Unavailable"),
    },
  });
  registerRoute(r, {
    method: "get",
    path: "/api/v1/metrics",
    tags: ["Server"],
    auth: "none",
    summary: "Prometheus metrics of this instance (requests and latency per route, process, webhook queue, database)",
    description: "Off (404) unless `MODELREG_METRICS_TOKEN` is set — then the scraper sends it as `Authorization: Bearer …` — or `MODELREG_METRICS=public`.",
    responses: { 200: { description: "Prometheus text exposition format", content: { "text/plain": { schema: z.string() } } }, ...errorResponses(401, 404) },
  });
  registerRoute(r, {
    method: "get",
    path: "/api/v1/installation",
    tags: ["Server"],
    auth: "none",
    summary: "What this server is (Polyaxon handshake)",
    responses: { 200: json(InstallationSchema) },
  });
  registerRoute(r, {
    method: "get",
    path: "/api/v1/compatibility/{key}/{version}/{service}",
    tags: ["Server"],
    auth: "none",
    summary: "Client versions this server accepts (Polyaxon handshake)",
    request: { params: z.object({ key: z.string(), version: z.string(), service: z.string() }) },
    responses: { 200: json(CompatibilitySchema) },
  });
  registerRoute(r, {
    method: "get",
    path: "/api/v1/log_handler",
    tags: ["Server"],
    auth: "none",
    summary: "Polyaxon's log handler: none",
    responses: { 200: json(z.object({})) },
  });
  registerRoute(r, {
    method: "get",
    path: "/api/v1/openapi.json",
    tags: ["Server"],
    auth: "none",
    summary: "This document (OpenAPI 3.1)",
    responses: { 200: json(z.record(z.string(), z.unknown())) },
  });
}
