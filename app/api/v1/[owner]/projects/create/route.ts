import { api, readBody } from "@/lib/api/handler";
import { z } from "zod";
import { createProject, projectToApi } from "@/lib/registry/projects";

export const POST = api<{ owner: string }>(
  async ({ db, actor, params, req }) => {
    const a = await createProject(db, actor, params.owner, await readBody(req, z.record(z.string(), z.unknown())));
    return projectToApi(a.project, a.org.name, a.role);
  },
  { status: 201 },
);
