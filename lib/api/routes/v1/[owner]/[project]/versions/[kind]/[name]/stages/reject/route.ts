import { z } from "zod";
import { api, readBody } from "@/lib/api/handler";
import { rejectStageRequest } from "@/lib/registry/approvals";

type P = { owner: string; project: string; kind: string; name: string };

/** A project admin rejects the pending stage request: the version stays; answers the stage object. */
export const POST = api<P>(async ({ db, actor, params: p, req }) =>
  rejectStageRequest(db, actor, p.owner, p.project, p.kind, p.name, await readBody(req, z.record(z.string(), z.unknown()))),
);
