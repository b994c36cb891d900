// Download counts in the OpenAPI document (a model's and a version's), and their wire shape.
import { z } from "zod";
import { KINDS } from "@/lib/registry/version-view";
import type { DownloadStats } from "@/lib/registry/downloads";
import { errorResponses, json, registerRoute, type OpenAPIRegistry, type Wire } from "./builder";

const DownloadsSchema = z
  .object({
    total: z.number().int().describe("Every download since counting began"),
    last_30_days: z.number().int().describe("Downloads in the last 30 UTC days, today included"),
    daily: z
      .array(z.object({ day: z.string().describe("A UTC date, YYYY-MM-DD"), count: z.number().int() }))
      .describe("The last 30 UTC days, oldest first, today last; days without downloads are 0"),
  })
  .meta({ id: "Downloads" });
const VersionDownloadsSchema = DownloadsSchema.extend({ version: z.string() }).meta({ id: "VersionDownloads" });

export function downloadsWire(s: DownloadStats): Wire<typeof DownloadsSchema> {
  return { total: s.total, last_30_days: s.last30Days, daily: s.daily.map((d) => ({ day: d.day, count: d.count })) };
}

const COUNTED =
  "A download is a GET of a file through any surface (the files route, Hugging Face resolve/raw, MLflow artifacts, or the redirect to the store) answered with its bytes from the first byte; HEAD requests, 304s, resumed transfers (a Range past byte 0) and one-byte size probes are not counted. Counted per UTC day.";

export function registerDownloadsApi(r: OpenAPIRegistry): void {
  registerRoute(r, {
    method: "get",
    path: "/api/v1/{owner}/{project}/downloads",
    auth: "optional",
    summary: "A model's downloads",
    description: `The downloads of every version of the model: total, the last 30 days, and per day. ${COUNTED}`,
    request: { params: z.object({ owner: z.string(), project: z.string() }) },
    responses: { 200: json(DownloadsSchema), ...errorResponses(404) },
  });
  registerRoute(r, {
    method: "get",
    path: "/api/v1/{owner}/{project}/versions/{kind}/{name}/downloads",
    auth: "optional",
    summary: "A version's downloads",
    description: `The downloads of the version's files: total, the last 30 days, and per day. ${COUNTED}`,
    request: { params: z.object({ owner: z.string(), project: z.string(), kind: z.enum(KINDS), name: z.string() }) },
    responses: { 200: json(VersionDownloadsSchema), ...errorResponses(404) },
  });
}
