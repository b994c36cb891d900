import { api, readBody } from "@/lib/api/handler";
import { ChangeRoleBody, memberWire } from "@/lib/api/openapi/orgs";
import { changeMemberRole, removeMember } from "@/lib/registry/members";

type P = { org: string; username: string };

export const PATCH = api<P>(async ({ db, actor, req, params }) =>
  memberWire(await changeMemberRole(db, actor, params.org, params.username, await readBody(req, ChangeRoleBody))),
);

/** Removes the member; when {username} is the caller, they leave. */
export const DELETE = api<P>(async ({ db, actor, params }) => {
  await removeMember(db, actor, params.org, params.username);
});
