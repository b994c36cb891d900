// Search in the OpenAPI document, and its wire shape.
import { z } from "zod";
import type { SearchResult } from "@/lib/registry/search";
import { errorResponses, isoDateTime, json, registerRoute, type OpenAPIRegistry, type Wire } from "./builder";

export const SearchHitSchema = z
  .object({
    type: z.enum(["model", "version", "run"]),
    owner: z.string(),
    project: z.string().describe("The model (for a model: its own name)"),
    name: z.string(),
    uuid: z.string().nullable().describe("A run's uuid"),
    stage: z.string().nullable().describe("A version's stage"),
    status: z.string().nullable().describe("A run's status"),
    description: z.string(),
    tags: z.array(z.string()),
    updated_at: isoDateTime,
    url: z.string().describe("The page of the hit"),
  })
  .meta({ id: "SearchHit" });

const SearchResultSchema = z
  .object({
    count: z.number().int(),
    results: z.array(SearchHitSchema),
    counts: z.object({ models: z.number().int(), versions: z.number().int(), runs: z.number().int() }).describe("Hits per kind before the merge"),
  })
  .meta({ id: "SearchResult" });

export function searchWire(r: SearchResult): Wire<typeof SearchResultSchema> {
  // The query is not echoed: the caller has it, and an answer then carries nothing but what was found.
  return {
    count: r.results.length,
    counts: r.counts,
    results: r.results.map((h) => ({
      type: h.type,
      owner: h.owner,
      project: h.type === "model" ? h.name : h.project,
      name: h.name,
      uuid: h.type === "run" ? h.uuid : null,
      stage: h.type === "version" ? h.stage : null,
      status: h.type === "run" ? h.status : null,
      description: h.type === "run" ? "" : h.description,
      tags: h.type === "run" ? [] : h.tags,
      updated_at: h.updatedAt.toISOString(),
      url: h.url,
    })),
  };
}

export function registerSearchApi(r: OpenAPIRegistry): void {
  registerRoute(r, {
    method: "get",
    path: "/api/v1/search",
    auth: "optional",
    summary: "Search models, versions and runs",
    description:
      "Models (name, description, tags), model versions (name, tags) and runs (name) the caller may read, across organizations, ranked: exact name, then prefix, then substring, then description and tag matches; newer first. Rate limited per caller (MODELREG_SEARCH_LIMIT a minute).",
    request: {
      query: z.object({
        q: z.string().min(3).max(100),
        type: z.enum(["models", "versions", "runs"]).optional(),
        limit: z.coerce.number().int().min(1).max(50).optional().describe("Default 20"),
      }),
    },
    responses: { 200: json(SearchResultSchema), ...errorResponses(400, 429) },
  });
}
