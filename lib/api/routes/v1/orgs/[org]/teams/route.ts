import { api, envelope, pageParams, readBody } from "@/lib/api/handler";
import { CreateTeamBody, teamWire } from "@/lib/api/openapi/orgs";
import { createTeam, listTeams } from "@/lib/registry/teams";

type P = { org: string };

export const GET = api<P>(async ({ db, actor, url, params }) => {
  const page = pageParams(url, { limit: 50 });
  const { count, rows } = await listTeams(db, actor, params.org, page);
  return envelope(url, page, count, rows.map(teamWire));
});

export const POST = api<P>(async ({ db, actor, req, params }) => teamWire(await createTeam(db, actor, params.org, await readBody(req, CreateTeamBody))), {
  status: 201,
});
