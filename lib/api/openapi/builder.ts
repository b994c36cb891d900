// The OpenAPI 3.1 document of /api/v1, generated from the same zod schemas the routes validate with.
// Each area describes its routes in lib/api/openapi/<area>.ts as a `registerXxxApi(r)` function, and
// index.ts beside it lists those functions: adding an area is one import and one array entry.
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import pkg from "@/package.json";

export { OpenAPIRegistry };
/** What an area exports: a function that registers its schemas and paths on the registry it is given. */
export type ApiRegistrar = (r: OpenAPIRegistry) => void;

export const ErrorBodySchema = z
  .object({
    detail: z.string().describe("The message, for Polyaxon's clients, which print `detail`."),
    error: z.object({
      code: z.enum(["not_found", "forbidden", "invalid", "conflict", "unauthorized", "rate_limited", "too_large", "internal"]),
      message: z.string(),
      details: z.record(z.string(), z.array(z.string())).optional().describe("Field errors: field → messages."),
    }),
  })
  .meta({ id: "Error" });

const ERROR_TEXT: Record<number, string> = {
  400: "Invalid input (`invalid`); `details` names each field and its problem.",
  401: "Authentication required, or the token is unknown, revoked or expired (`unauthorized`).",
  403: "Signed in, but the caller's role does not allow this (`forbidden`).",
  404: "Not found — or private and invisible to the caller (`not_found`).",
  409: "Conflicts with existing state, e.g. a name already taken (`conflict`).",
  413: "Too large (`too_large`).",
  429: "Rate limited (`rate_limited`); see the Retry-After header.",
};

/** `application/json` content of a schema, for request bodies and responses. */
export function json<S extends z.ZodType>(schema: S, description = "OK") {
  return { description, content: { "application/json": { schema } } };
}

/** A required JSON request body. */
export function jsonBody<S extends z.ZodType>(schema: S) {
  return { required: true, content: { "application/json": { schema } } };
}

/** Error responses with the shared error body, for the given statuses. */
export function errorResponses(...statuses: (keyof typeof ERROR_TEXT)[]) {
  return Object.fromEntries(statuses.map((s) => [s, json(ErrorBodySchema, ERROR_TEXT[s])]));
}

/** Polyaxon's list envelope around `item`. */
export function envelopeSchema<S extends z.ZodType>(item: S, id: string) {
  return z
    .object({
      count: z.number().int(),
      results: z.array(item),
      previous: z.string().nullable().describe("URL of the previous page, or null."),
      next: z.string().nullable().describe("URL of the next page, or null."),
    })
    .meta({ id });
}

/** A date-time on the wire. */
export const isoDateTime = z.string().describe("ISO 8601 date-time");

/** What a wire function returns: the output type of the schema it answers with. */
export type Wire<S extends z.ZodType> = z.output<S>;

/** The query of every list: limit 1–1000 (default 20) and offset. */
export const pageQuerySchema = z.object({
  limit: z.number().int().min(1).max(1000).optional(),
  offset: z.number().int().min(0).optional(),
});

export type AuthMode = "none" | "optional" | "required";

/**
 * Registers one path. `auth` says how the route treats callers: "none" (public), "optional"
 * (signed-out callers see public data only) or "required"; every authenticated route may answer 401.
 */
export function registerRoute(r: OpenAPIRegistry, config: RouteConfig & { auth: AuthMode }): void {
  const { auth, ...route } = config;
  r.registerPath({
    ...route,
    security: auth === "none" ? [] : auth === "optional" ? [{}, { bearer: [] }] : [{ bearer: [] }],
    responses: { ...(auth === "none" ? {} : errorResponses(401)), ...route.responses },
  });
}

/** The whole document from the given registrars, in order. */
export function buildOpenApiDocument(registrars: ApiRegistrar[], serverUrl = "/") {
  const r = new OpenAPIRegistry();
  r.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "A personal access token (POST /api/v1/auth/token or Settings → Access tokens). `Authorization: Token <token>` is accepted too.",
  });
  for (const register of registrars) register(r);
  return new OpenApiGeneratorV31(r.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Modelreg API",
      version: pkg.version,
      description: "The REST API of Modelreg, a self-hosted model registry. Paths and field names follow Polyaxon's.",
    },
    servers: [{ url: serverUrl }],
  });
}
