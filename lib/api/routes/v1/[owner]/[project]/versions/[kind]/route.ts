import { z } from "zod";
import { api, envelope, pageParams, readBody } from "@/lib/api/handler";
import { listVersions, registerVersion, versionToApi } from "@/lib/registry/versions";

type P = { owner: string; project: string; kind: string };

export const GET = api<P>(async ({ db, actor, params, url }) => {
  const page = pageParams(url);
  const r = await listVersions(db, actor, params.owner, params.project, params.kind, {
    ...page,
    query: url.searchParams.get("query"),
    sort: url.searchParams.get("sort"),
  });
  return envelope(
    url,
    page,
    r.count,
    r.results.map((v) => versionToApi(v, r.access)),
    { count_capped: r.countCapped },
  );
});

export const POST = api<P>(
  async ({ db, actor, params, req }) => {
    const r = await registerVersion(db, actor, params.owner, params.project, params.kind, await readBody(req, z.record(z.string(), z.unknown())));
    return versionToApi(r.version, r.access, r.conditions);
  },
  { status: 201 },
);
