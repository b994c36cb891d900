import { z } from "zod";
import { api, readBody } from "@/lib/api/handler";
import { projectWire } from "@/lib/api/openapi/projects";
import { createProject } from "@/lib/registry/projects";

/**
 * `{name, description?, tags?, is_public?, readme?}` → 201 with the model. The body is validated by
 * createProject (CreateProject in the OpenAPI document) after the permission check, so a caller who
 * may not create learns that first.
 */
export const POST = api<{ owner: string }>(
  async ({ db, actor, params, req }) => {
    const a = await createProject(db, actor, params.owner, await readBody(req, z.record(z.string(), z.unknown())));
    return projectWire(a.project, a.org.name, a.role);
  },
  { status: 201 },
);
