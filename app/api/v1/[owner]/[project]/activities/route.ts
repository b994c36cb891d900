import { api, envelope, pageParams } from "@/lib/api/handler";
import { listProjectActivity } from "@/lib/registry/projects";

export const GET = api<{ owner: string; project: string }>(async ({ db, actor, params, url }) => {
  const page = pageParams(url);
  const { rows, hasMore } = await listProjectActivity(db, actor, params.owner, params.project, page);
  const results = rows.map((a) => ({ id: a.id, actor: a.actor, verb: a.verb, target: a.target, details: a.details, created_at: a.createdAt.toISOString() }));
  // No exact count over an append-only log: the envelope says whether another page exists.
  return envelope(url, page, page.offset + rows.length + (hasMore ? 1 : 0), results);
});
