import SwaggerParser from "@apidevtools/swagger-parser";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "./builder";
import { registerRunsApi } from "./runs";

describe("the runs part of the OpenAPI document", () => {
  const doc = buildOpenApiDocument([registerRunsApi]);
  it("documents every runs route with its methods and validates as OpenAPI 3.1", async () => {
    const paths = doc.paths ?? {};
    expect(Object.keys(paths["/api/v1/{owner}/{project}/runs"] ?? {}).sort()).toEqual(["get", "post"]);
    expect(Object.keys(paths["/api/v1/{owner}/{project}/runs/{uuid}"] ?? {}).sort()).toEqual(["get", "patch"]);
    expect(Object.keys(paths["/api/v1/{owner}/{project}/runs/{uuid}/promote"] ?? {})).toEqual(["post"]);
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it("carries the registry's rules into the request bodies", () => {
    const schemas = (
      doc as unknown as { components: { schemas: Record<string, { properties: Record<string, Record<string, unknown>>; required?: string[] }> } }
    ).components.schemas;
    expect(schemas.CreateRun.properties.status.enum).toEqual(["created", "running", "succeeded", "failed", "stopped"]);
    expect(schemas.PromoteRun.required).toEqual(["project"]);
  });
});
