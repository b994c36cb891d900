import { z } from "zod";
import { api, readBody } from "@/lib/api/handler";
import { getProjectSettings, updateProjectSettings } from "@/lib/registry/project-settings";

type P = { owner: string; project: string };

function toApi(s: Awaited<ReturnType<typeof getProjectSettings>>) {
  return {
    excluded_features: s.access.project.excludedFeatures,
    protected_stages: s.protectedStages,
    teams: s.teams,
    grants: s.grants.map((g) => ({ user: g.username, role: g.role })),
    sources: s.sources,
    access: s.everyone.map((e) => ({ user: e.username, role: e.role, why: e.why })),
  };
}

export const GET = api<P>(async ({ db, actor, params }) => toApi(await getProjectSettings(db, actor, params.owner, params.project)));

export const PATCH = api<P>(async ({ db, actor, params, req }) =>
  toApi(await updateProjectSettings(db, actor, params.owner, params.project, await readBody(req, z.record(z.string(), z.unknown())))),
);
