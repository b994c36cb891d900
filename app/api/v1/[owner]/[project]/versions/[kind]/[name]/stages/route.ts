import { z } from "zod";
import { api, readBody } from "@/lib/api/handler";
import { changeStage, getStages } from "@/lib/registry/stages";

type P = { owner: string; project: string; kind: string; name: string };

export const GET = api<P>(async ({ db, actor, params: p }) => getStages(db, actor, p.owner, p.project, p.kind, p.name));

export const POST = api<P>(async ({ db, actor, params: p, req }) =>
  changeStage(db, actor, p.owner, p.project, p.kind, p.name, await readBody(req, z.record(z.string(), z.unknown()))),
);
