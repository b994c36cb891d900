import { api, readBody } from "@/lib/api/handler";
import { TeamRoleBody, teamMemberWire } from "@/lib/api/openapi/orgs";
import { removeTeamMember, setTeamMember } from "@/lib/registry/teams";

type P = { org: string; team: string; username: string };

/** `{role}`: adds a member of the organization to the team (201) or changes their team role (200). */
export const PUT = api<P>(async ({ db, actor, req, params }) => {
  const body = await readBody(req, TeamRoleBody);
  const { member, created } = await setTeamMember(db, actor, params.org, params.team, params.username, body);
  return Response.json(teamMemberWire(member), { status: created ? 201 : 200 });
});

export const DELETE = api<P>(async ({ db, actor, params }) => {
  await removeTeamMember(db, actor, params.org, params.team, params.username);
});
