import { api, envelope, pageParams } from "@/lib/api/handler";
import { projectWire } from "@/lib/api/openapi/projects";
import { listProjects } from "@/lib/registry/projects";

/** The models of {owner} the caller may see: `?query=&sort=&limit=&offset=` → `{count, results, previous, next}`. */
export const GET = api<{ owner: string }>(async ({ db, actor, params, url }) => {
  const page = pageParams(url);
  const { count, capped, results } = await listProjects(db, actor, params.owner, {
    ...page,
    query: url.searchParams.get("query"),
    sort: url.searchParams.get("sort"),
  });
  return envelope(
    url,
    page,
    count,
    results.map((p) => projectWire(p, p.owner, p.role)),
    { count_capped: capped },
  );
});
