import { z } from "zod";
import { api, readBody } from "@/lib/api/handler";
import { changeStageOrRequest, getStages } from "@/lib/registry/stages";

type P = { owner: string; project: string; kind: string; name: string };

export const GET = api<P>(async ({ db, actor, params: p }) => getStages(db, actor, p.owner, p.project, p.kind, p.name));

/**
 * 200 with the stage object when the version moved; 202 Accepted with the same (unchanged) stage object
 * when the change awaits a project admin's approval: its last condition has status "Pending". The body
 * stays exactly Polyaxon's stage object, so Polyaxon's CLI (any 2xx is success) keeps working.
 */
export const POST = api<P>(async ({ db, actor, params: p, req }) => {
  const r = await changeStageOrRequest(db, actor, p.owner, p.project, p.kind, p.name, await readBody(req, z.record(z.string(), z.unknown())));
  return r.pending ? Response.json(r.stage, { status: 202 }) : r.stage;
});
