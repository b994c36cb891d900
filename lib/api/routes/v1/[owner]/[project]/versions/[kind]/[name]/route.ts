import { z } from "zod";
import { api, readBody } from "@/lib/api/handler";
import { deleteVersion, getVersion, updateVersion, versionToApi } from "@/lib/registry/versions";

type P = { owner: string; project: string; kind: string; name: string };
const anyObject = z.record(z.string(), z.unknown());

export const GET = api<P>(async ({ db, actor, params: p }) => {
  const r = await getVersion(db, actor, p.owner, p.project, p.kind, p.name);
  return versionToApi(r.version, r.access, r.conditions);
});

export const PATCH = api<P>(async ({ db, actor, params: p, req }) => {
  const r = await updateVersion(db, actor, p.owner, p.project, p.kind, p.name, await readBody(req, anyObject));
  return versionToApi(r.version, r.access, r.conditions);
});

export const DELETE = api<P>(async ({ db, actor, params: p }) => {
  await deleteVersion(db, actor, p.owner, p.project, p.kind, p.name);
});
