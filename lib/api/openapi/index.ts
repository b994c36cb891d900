// Every area's part of the OpenAPI document. To document an area's routes: write
// lib/api/openapi/<area>.ts exporting `register<Area>Api(r: OpenAPIRegistry)` (use registerRoute,
// json, jsonBody, errorResponses, envelopeSchema, pageQuerySchema from "./builder"; name
// shared schemas with zod's `.meta({ id })`), then add one import and one entry to REGISTRARS
// below. lib/api/openapi.test.ts validates the whole document as OpenAPI 3.1.
import { buildOpenApiDocument, type ApiRegistrar } from "./builder";
import { registerAliasesApi } from "./aliases";
import { registerCoreApi } from "./core";
import { registerDeployedApi } from "./deployed";
import { registerDownloadsApi } from "./downloads";
import { registerFilesApi } from "./files";
import { registerOrgsApi } from "./orgs";
import { registerProjectsApi } from "./projects";
import { registerRunsApi } from "./runs";
import { registerSearchApi } from "./search";
import { registerVersionsApi } from "./versions";
import { registerWebhooksApi } from "./webhooks";

export const REGISTRARS: ApiRegistrar[] = [
  registerCoreApi,
  registerOrgsApi,
  registerProjectsApi,
  registerRunsApi,
  registerVersionsApi,
  registerFilesApi,
  registerAliasesApi,
  registerWebhooksApi,
  registerSearchApi,
  registerDeployedApi,
  registerDownloadsApi,
];

let cached: ReturnType<typeof buildOpenApiDocument> | undefined;

/** The document (built once per process: the schemas do not change while it runs). */
export function openApiDocument(): ReturnType<typeof buildOpenApiDocument> {
  cached ??= buildOpenApiDocument(REGISTRARS);
  return cached;
}
