import { z } from "zod";
import { api, readBody } from "@/lib/api/handler";
import { aliasWire } from "@/lib/api/openapi/aliases";
import { removeAlias, setAlias } from "@/lib/registry/aliases";

type P = { owner: string; project: string; alias: string };

/**
 * `{version}`: 201 with the alias when new, 200 when it moved (or already pointed there); 202 when a member's
 * move of a protected alias awaits a project admin's approval (`pending: true`, `request_id`).
 */
export const PUT = api<P>(async ({ db, actor, params: p, req }) => {
  const r = await setAlias(db, actor, p.owner, p.project, p.alias, await readBody(req, z.record(z.string(), z.unknown())));
  if (r.pending) return Response.json({ ...aliasWire(r.alias), pending: true, request_id: r.requestId }, { status: 202 });
  return Response.json(aliasWire(r.alias), { status: r.created ? 201 : 200 });
});

export const DELETE = api<P>(async ({ db, actor, params: p }) => {
  await removeAlias(db, actor, p.owner, p.project, p.alias);
});
