import { api, envelope, pageParams, readBody } from "@/lib/api/handler";
import { CreateOrgBody, orgListItemWire, orgWire } from "@/lib/api/openapi/orgs";
import { createOrganization, listMyOrganizationsPage } from "@/lib/registry/orgs";

/** The caller's organizations. */
export const GET = api(async ({ db, actor, url }) => {
  const page = pageParams(url);
  const { count, rows } = await listMyOrganizationsPage(db, actor, page);
  return envelope(url, page, count, rows.map(orgListItemWire));
});

/** Creates an organization; the caller becomes its owner. */
export const POST = api(
  async ({ db, actor, req }) => {
    const body = await readBody(req, CreateOrgBody);
    const org = await createOrganization(db, actor, { name: body.name, displayName: body.display_name, description: body.description });
    return orgWire(org);
  },
  { status: 201 },
);
