import { z } from "zod";
import { api, readBody } from "@/lib/api/handler";
import { withdrawStageRequest } from "@/lib/registry/approvals";

type P = { owner: string; project: string; kind: string; name: string };

/** The author of the pending stage request takes it back; answers the stage object. */
export const POST = api<P>(async ({ db, actor, params: p, req }) =>
  withdrawStageRequest(db, actor, p.owner, p.project, p.kind, p.name, await readBody(req, z.record(z.string(), z.unknown()))),
);
