// The organization's deployed view in the OpenAPI document, and its wire shape.
import { z } from "zod";
import type { listDeployed } from "@/lib/registry/deployed";
import { errorResponses, isoDateTime, json, registerRoute, type OpenAPIRegistry, type Wire } from "./builder";

const DeployedSchema = z
  .object({
    model: z.string(),
    is_public: z.boolean(),
    version: z.string().describe("The newest version in production"),
    aliases: z.array(z.string()).describe("The aliases on that version"),
    metrics: z.record(z.string(), z.unknown()),
    since: isoDateTime.describe("When it entered production"),
    by: z.string().nullable().describe("Who moved it there"),
  })
  .meta({ id: "Deployed" });

const DeployedListSchema = z.object({ owner: z.string(), count: z.number().int(), results: z.array(DeployedSchema) }).meta({ id: "DeployedList" });

export function deployedWire(r: Awaited<ReturnType<typeof listDeployed>>): Wire<typeof DeployedListSchema> {
  return {
    owner: r.org,
    count: r.results.length,
    results: r.results.map((d) => ({
      model: d.model,
      is_public: d.isPublic,
      version: d.version,
      aliases: d.aliases,
      metrics: d.metrics,
      since: d.since.toISOString(),
      by: d.by,
    })),
  };
}

export function registerDeployedApi(r: OpenAPIRegistry): void {
  registerRoute(r, {
    method: "get",
    path: "/api/v1/orgs/{org}/deployed",
    auth: "optional",
    summary: "What the organization has in production",
    description:
      "Every model of the organization the caller may read that has a version in production: the newest such version, its aliases and metrics, when it entered production and who moved it; most recent first. `q` filters by model name.",
    request: {
      params: z.object({ org: z.string() }),
      query: z.object({ q: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(200).optional().describe("Default 100") }),
    },
    responses: { 200: json(DeployedListSchema), ...errorResponses(400, 404) },
  });
}
