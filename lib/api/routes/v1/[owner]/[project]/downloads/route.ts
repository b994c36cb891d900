import { api } from "@/lib/api/handler";
import { downloadsWire } from "@/lib/api/openapi/downloads";
import { modelDownloadStats } from "@/lib/registry/downloads";

type P = { owner: string; project: string };

/** The model's downloads over all its versions: total, the last 30 days, and per day (lib/registry/downloads.ts). */
export const GET = api<P>(async ({ db, actor, params: p }) => downloadsWire(await modelDownloadStats(db, actor, p)));
