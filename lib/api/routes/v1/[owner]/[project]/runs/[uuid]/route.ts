// GET one run; PATCH it (inputs and outputs are merged, a null value removes a key; other fields replace).
import { z } from "zod";
import { api, readBody } from "@/lib/api/handler";
import { getRun, runToApi, updateRun } from "@/lib/registry/runs";

type P = { owner: string; project: string; uuid: string };

export const GET = api<P>(async ({ db, actor, params: p }) => {
  const r = await getRun(db, actor, p.owner, p.project, p.uuid);
  return runToApi(r.run, r.access);
});

export const PATCH = api<P>(async ({ db, actor, params: p, req }) => {
  const r = await updateRun(db, actor, p.owner, p.project, p.uuid, await readBody(req, z.record(z.string(), z.unknown())));
  return runToApi(r.run, r.access);
});
