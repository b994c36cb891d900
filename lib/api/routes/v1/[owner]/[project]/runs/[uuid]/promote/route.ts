// POST {project: "OWNER/MODEL", name?, description?, tags?, artifacts?} → the new model version (201).
import { z } from "zod";
import { api, readBody } from "@/lib/api/handler";
import { promoteRun } from "@/lib/registry/promote";
import { versionToApi } from "@/lib/registry/versions";

type P = { owner: string; project: string; uuid: string };

export const POST = api<P>(
  async ({ db, actor, params: p, req }) => {
    const r = await promoteRun(db, actor, p.owner, p.project, p.uuid, await readBody(req, z.record(z.string(), z.unknown())));
    return versionToApi(r.version, r.access, r.conditions);
  },
  { status: 201 },
);
