// GET: the project's runs (PQL `query`, `sort`, `limit`, `offset`; Polyaxon's envelope). POST: log a run.
import { z } from "zod";
import { api, envelope, pageParams, readBody } from "@/lib/api/handler";
import { createRun, listRuns, runToApi } from "@/lib/registry/runs";

type P = { owner: string; project: string };

export const GET = api<P>(async ({ db, actor, params, url }) => {
  const page = pageParams(url);
  const r = await listRuns(db, actor, params.owner, params.project, {
    ...page,
    query: url.searchParams.get("query"),
    sort: url.searchParams.get("sort"),
  });
  return envelope(
    url,
    page,
    r.count,
    r.results.map((run) => runToApi(run, r.access)),
    { count_capped: r.countCapped },
  );
});

export const POST = api<P>(
  async ({ db, actor, params, req }) => {
    const r = await createRun(db, actor, params.owner, params.project, await readBody(req, z.record(z.string(), z.unknown())));
    return runToApi(r.run, r.access);
  },
  { status: 201 },
);
