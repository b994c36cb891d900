import { z } from "zod";
import { api, readBody } from "@/lib/api/handler";
import { projectSettingsWire } from "@/lib/api/openapi/projects";
import { getProjectSettings, updateProjectSettings } from "@/lib/registry/project-settings";

type P = { owner: string; project: string };

export const GET = api<P>(async ({ db, actor, params }) => projectSettingsWire(await getProjectSettings(db, actor, params.owner, params.project)));

/** ProjectSettingsPatch, validated by the registry after the permission check. */
export const PATCH = api<P>(async ({ db, actor, params, req }) =>
  projectSettingsWire(await updateProjectSettings(db, actor, params.owner, params.project, await readBody(req, z.record(z.string(), z.unknown())))),
);
