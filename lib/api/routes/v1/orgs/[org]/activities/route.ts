import { api, envelope, pageParams } from "@/lib/api/handler";
import { activityWire } from "@/lib/api/openapi/orgs";
import { listOrgActivity } from "@/lib/registry/org-activity";

type P = { org: string };

/** Newest first; `count` stops at a cap and `count_capped` says so. */
export const GET = api<P>(async ({ db, actor, url, params }) => {
  const page = pageParams(url, { limit: 50 });
  const { count, capped, rows } = await listOrgActivity(db, actor, params.org, page);
  return envelope(url, page, count, rows.map(activityWire), { count_capped: capped });
});
