import { api } from "@/lib/api/handler";
import { downloadsWire } from "@/lib/api/openapi/downloads";
import { versionDownloadStats } from "@/lib/registry/downloads";

type P = { owner: string; project: string; kind: string; name: string };

/** The version's downloads: total, the last 30 days, and per day (lib/registry/downloads.ts). */
export const GET = api<P>(async ({ db, actor, params: p }) => {
  const stats = await versionDownloadStats(db, actor, { owner: p.owner, project: p.project, kind: p.kind, version: p.name });
  return { version: stats.version, ...downloadsWire(stats) };
});
