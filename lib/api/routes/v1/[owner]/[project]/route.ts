import { z } from "zod";
import { api, readBody } from "@/lib/api/handler";
import { projectWire } from "@/lib/api/openapi/projects";
import { deleteProject, getProject, updateProject } from "@/lib/registry/projects";

type P = { owner: string; project: string };

export const GET = api<P>(async ({ db, actor, params }) => {
  const a = await getProject(db, actor, params.owner, params.project);
  return projectWire(a.project, a.org.name, a.role);
});

/** Any of name, description, tags, readme, is_public, excluded_features, settings (UpdateProject; checked by the registry). */
export const PATCH = api<P>(async ({ db, actor, params, req }) => {
  const a = await updateProject(db, actor, params.owner, params.project, await readBody(req, z.record(z.string(), z.unknown())));
  return projectWire(a.project, a.org.name, a.role);
});

export const DELETE = api<P>(async ({ db, actor, params }) => {
  await deleteProject(db, actor, params.owner, params.project);
});
