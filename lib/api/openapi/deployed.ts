// The organization's deployed view in the OpenAPI document, and its wire shape.
import { z } from "zod";
import type { listDeployed } from "@/lib/registry/deployed";
import type { listRecentChanges } from "@/lib/registry/org-recent";
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

const RecentChangeSchema = z
  .object({
    id: z.number().int(),
    at: isoDateTime,
    model: z.string(),
    is_public: z.boolean(),
    change: z
      .enum(["registered", "stage", "alias"])
      .describe("registered: a new version (registered, promoted, copied or moved in); stage: a stage change; alias: an alias set, moved or removed"),
    version: z.string().describe("The version changed (for an alias removed: the version it left)"),
    from: z
      .string()
      .nullable()
      .describe(
        "stage: the stage before; alias: the version the alias left; registered: where a copied or moved version came from (`private` when the caller may not see it)",
      ),
    to: z.string().nullable().describe("stage: the stage after; alias: the version it now names (null: removed)"),
    alias: z.string().nullable(),
    by: z.string().nullable().describe("Who made the change"),
  })
  .meta({ id: "RecentChange" });

const RecentListSchema = z.object({ owner: z.string(), count: z.number().int(), results: z.array(RecentChangeSchema) }).meta({ id: "RecentChangeList" });

export function recentWire(r: Awaited<ReturnType<typeof listRecentChanges>>): Wire<typeof RecentListSchema> {
  return {
    owner: r.org,
    count: r.results.length,
    results: r.results.map((c) => ({
      id: c.id,
      at: c.at.toISOString(),
      model: c.model,
      is_public: c.isPublic,
      change: c.change,
      version: c.version,
      from: c.from,
      to: c.to,
      alias: c.alias,
      by: c.by,
    })),
  };
}

export function registerDeployedApi(r: OpenAPIRegistry): void {
  registerRoute(r, {
    method: "get",
    path: "/api/v1/orgs/{org}/recent",
    auth: "optional",
    summary: "Recently changed across the organization's models",
    description:
      "The newest version changes of the organization's models the caller may read, newest first: new versions, stage changes, and aliases set, moved or removed (edits of a version's metadata are not listed). Models the caller may not read never appear.",
    request: {
      params: z.object({ org: z.string() }),
      query: z.object({ limit: z.coerce.number().int().min(1).max(50).optional().describe("Default 30") }),
    },
    responses: { 200: json(RecentListSchema), ...errorResponses(400, 404) },
  });
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
