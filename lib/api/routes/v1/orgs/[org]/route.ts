import { api, readBody } from "@/lib/api/handler";
import { UpdateOrgBody, orgWire } from "@/lib/api/openapi/orgs";
import { deleteOrganization, getOrganization, updateOrganization } from "@/lib/registry/orgs";

type P = { org: string };

export const GET = api<P>(async ({ db, actor, params }) => orgWire(await getOrganization(db, actor, params.org)));

export const PATCH = api<P>(async ({ db, actor, req, params }) => {
  const body = await readBody(req, UpdateOrgBody);
  const org = await updateOrganization(db, actor, params.org, {
    name: body.name,
    displayName: body.display_name,
    description: body.description,
  });
  return orgWire(org);
});

export const DELETE = api<P>(async ({ db, actor, params }) => {
  await deleteOrganization(db, actor, params.org);
});
