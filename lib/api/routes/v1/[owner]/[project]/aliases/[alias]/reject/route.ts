import { z } from "zod";
import { api, readBody } from "@/lib/api/handler";
import { aliasWire } from "@/lib/api/openapi/aliases";
import { decideAliasRequest } from "@/lib/registry/aliases";

type P = { owner: string; project: string; alias: string };

/** reject the pending request to move this (protected) alias; answers the alias as it now is (null when it has none). */
export const POST = api<P>(async ({ db, actor, params: p, req }) => {
  const body = req.headers.get("content-length") === "0" ? {} : await readBody(req, z.record(z.string(), z.unknown())).catch(() => ({}));
  const r = await decideAliasRequest(db, actor, p.owner, p.project, p.alias, "reject", body);
  return { alias: r.alias ? aliasWire(r.alias) : null };
});
