import { api } from "@/lib/api/handler";
import { aliasWire } from "@/lib/api/openapi/aliases";
import { listAliases } from "@/lib/registry/aliases";

type P = { owner: string; project: string };

/** `{count, results: [{alias, version, updated_at, updated_by}]}`: every alias of the model (there are few). */
export const GET = api<P>(async ({ db, actor, params }) => {
  const r = await listAliases(db, actor, params.owner, params.project);
  return { count: r.results.length, results: r.results.map(aliasWire) };
});
