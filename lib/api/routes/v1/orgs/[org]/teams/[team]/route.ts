import { api, readBody } from "@/lib/api/handler";
import { UpdateTeamBody, teamDetailWire, teamWire } from "@/lib/api/openapi/orgs";
import { deleteTeam, getTeam, updateTeam } from "@/lib/registry/teams";

type P = { org: string; team: string };

export const GET = api<P>(async ({ db, actor, params }) => teamDetailWire(await getTeam(db, actor, params.org, params.team)));

export const PATCH = api<P>(async ({ db, actor, req, params }) =>
  teamWire(await updateTeam(db, actor, params.org, params.team, await readBody(req, UpdateTeamBody))),
);

export const DELETE = api<P>(async ({ db, actor, params }) => {
  await deleteTeam(db, actor, params.org, params.team);
});
