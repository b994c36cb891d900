import SwaggerParser from "@apidevtools/swagger-parser";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "./builder";
import { registerFilesApi } from "./files";

type Op = {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, { schema: unknown }> }>;
};

describe("the files part of the OpenAPI document", () => {
  const doc = buildOpenApiDocument([registerFilesApi]);
  const base = "/api/v1/{owner}/{project}/versions/{kind}/{name}/files";
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Op>>;

  it("documents the list and one file's PUT, GET, HEAD and DELETE, and validates as OpenAPI 3.1", async () => {
    expect(Object.keys(paths[base] ?? {})).toEqual(["get"]);
    expect(Object.keys(paths[`${base}/{path}`] ?? {}).sort()).toEqual(["delete", "get", "head", "put"]);
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it("takes the upload as raw bytes with its checksum header, and names its refusals", () => {
    const put = paths[`${base}/{path}`].put;
    expect(put.requestBody?.content["application/octet-stream"].schema).toMatchObject({ type: "string", format: "binary" });
    expect(put.parameters?.filter((p) => p.in === "header").map((p) => p.name)).toContain("x-checksum-sha256");
    expect(Object.keys(put.responses).sort()).toEqual(["200", "201", "400", "401", "403", "404", "409", "413"]);
    expect(Object.keys(put.responses["201"].headers ?? {})).toEqual(["etag"]);
  });

  it("states the download's ETag, ranges and conditional answers", () => {
    const get = paths[`${base}/{path}`].get;
    expect(
      get.parameters
        ?.filter((p) => p.in === "header")
        .map((p) => p.name)
        .sort(),
    ).toEqual(["if-none-match", "if-range", "range"]);
    for (const status of ["200", "206", "304", "416"]) expect(get.responses[status]?.headers, status).toHaveProperty("etag");
    expect(get.responses["206"].headers).toHaveProperty("content-range");
    expect(get.responses["200"].content?.["*/*"]).toBeTruthy();
    const head = paths[`${base}/{path}`].head;
    expect(head.responses["200"].content).toBeUndefined();
    expect(Object.keys(paths[`${base}/{path}`].delete.responses)).toContain("409");
  });

  it("lists files in Polyaxon's envelope with the version's total size", () => {
    const schemas = (doc as unknown as { components: { schemas: Record<string, { properties: Record<string, unknown> }> } }).components.schemas;
    expect(Object.keys(schemas.FileList.properties).sort()).toEqual(["count", "next", "previous", "results", "total_size"]);
    expect(Object.keys(schemas.File.properties).sort()).toEqual(["content_type", "created_at", "path", "sha256", "size"]);
  });
});
