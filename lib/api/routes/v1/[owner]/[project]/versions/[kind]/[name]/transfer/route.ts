import { z } from "zod";
import { api, readBody } from "@/lib/api/handler";
import { transferVersion } from "@/lib/registry/version-transfer";
import { versionToApi } from "@/lib/registry/version-view";

type P = { owner: string; project: string; kind: string; name: string };

export const POST = api<P>(async ({ db, actor, params: p, req }) => {
  const r = await transferVersion(db, actor, p.owner, p.project, p.kind, p.name, await readBody(req, z.record(z.string(), z.unknown())));
  return versionToApi(r.version, r.access, r.conditions);
});
