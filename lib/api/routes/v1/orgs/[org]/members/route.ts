import { api, envelope, pageParams, readBody } from "@/lib/api/handler";
import { AddMemberBody, memberWire } from "@/lib/api/openapi/orgs";
import { addMember, listMembers } from "@/lib/registry/members";

type P = { org: string };

export const GET = api<P>(async ({ db, actor, url, params }) => {
  const page = pageParams(url, { limit: 50 });
  const { count, rows } = await listMembers(db, actor, params.org, page);
  return envelope(url, page, count, rows.map(memberWire));
});

/** `{user: username-or-email, role}` */
export const POST = api<P>(async ({ db, actor, req, params }) => memberWire(await addMember(db, actor, params.org, await readBody(req, AddMemberBody))), {
  status: 201,
});
