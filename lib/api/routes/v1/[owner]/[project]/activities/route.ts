import { api, envelope, pageParams } from "@/lib/api/handler";
import { projectActivityWire } from "@/lib/api/openapi/projects";
import { listProjectActivity } from "@/lib/registry/project-activity";

type P = { owner: string; project: string };

/** Newest first; `count` stops at a cap and `count_capped` says so. */
export const GET = api<P>(async ({ db, actor, params, url }) => {
  const page = pageParams(url, { limit: 50 });
  const { count, capped, rows } = await listProjectActivity(db, actor, params.owner, params.project, page);
  return envelope(url, page, count, rows.map(projectActivityWire), { count_capped: capped });
});
