import { api, envelope, pageParams } from "@/lib/api/handler";
import { listProjects, projectToApi } from "@/lib/registry/projects";

export const GET = api<{ owner: string }>(async ({ db, actor, params, url }) => {
  const page = pageParams(url);
  const { count, results } = await listProjects(db, actor, params.owner, {
    ...page,
    query: url.searchParams.get("query"),
    sort: url.searchParams.get("sort"),
  });
  return envelope(url, page, count, results.map((p) => projectToApi(p, p.owner, null)));
});
