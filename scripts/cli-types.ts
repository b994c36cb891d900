// Generates cli/lib/api-types.ts — the wire types the CLI reads — from the OpenAPI document the server serves,
// so the CLI never keeps a copy of a schema by hand. `npm run gen:cli-types` writes it; cli/lib/api-types.test.ts
// fails while the file is stale.
import fs from "node:fs";
import path from "node:path";
import { compile } from "json-schema-to-typescript";
import { openApiDocument } from "@/lib/api/openapi/index";

/** The schemas the CLI reads. */
export const CLI_SCHEMAS = [
  "Version",
  "StageCondition",
  "StageObject",
  "Alias",
  "Project",
  "Run",
  "User",
  "File",
  "Webhook",
  "WebhookWithSecret",
  "WebhookDelivery",
  "WebhookDeliveryAttempt",
] as const;

export const CLI_TYPES_FILE = path.join(import.meta.dirname, "..", "cli", "lib", "api-types.ts");

type Schema = { enum?: unknown[]; properties?: Record<string, Schema> } & Record<string, unknown>;

export async function cliTypesSource(): Promise<string> {
  const doc = openApiDocument() as unknown as { components: { schemas: Record<string, Schema> } };
  const schemas = doc.components.schemas;
  // One root whose properties are the schemas, refs resolved within it: every schema becomes a named type.
  const root = {
    title: "Api",
    type: "object",
    properties: Object.fromEntries(CLI_SCHEMAS.map((n) => [n, { $ref: `#/components/schemas/${n}` }])),
    required: [...CLI_SCHEMAS],
    additionalProperties: false,
    components: { schemas: Object.fromEntries(Object.entries(schemas).map(([k, v]) => [k, { ...v, title: k }])) },
  };
  const types = await compile(root as never, "Api", {
    bannerComment: "",
    additionalProperties: false,
    unreachableDefinitions: false,
    strictIndexSignatures: false,
    format: true,
  });
  const stages = schemas.Version?.properties?.stage?.enum;
  if (!Array.isArray(stages)) throw new Error("the Version schema has no stage enum");
  return [
    "// Generated from the OpenAPI document by scripts/cli-types.ts (`npm run gen:cli-types`); do not edit.",
    types.trim(),
    "",
    "/** The stages, in their order (the Version schema's enum). */",
    `export const STAGES = ${JSON.stringify(stages)} as const;`,
    "",
  ].join("\n");
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  fs.writeFileSync(CLI_TYPES_FILE, await cliTypesSource());
  console.log(`Wrote ${path.relative(process.cwd(), CLI_TYPES_FILE)}`);
}
