// GET …/versions/{kind}/{name}/files: the version's files, by path, in Polyaxon's list envelope.
import { api, envelope, pageParams } from "@/lib/api/handler";
import { listFiles } from "@/lib/registry/files";
import { fileJson } from "./file-json";

type Params = { owner: string; project: string; kind: string; name: string };

export const GET = api<Params>(async ({ url, db, actor, params }) => {
  const page = pageParams(url, { limit: 100 });
  const { count, totalSize, results } = await listFiles(db, actor, {
    owner: params.owner,
    project: params.project,
    kind: params.kind,
    version: params.name,
    ...page,
  });
  return envelope(url, page, count, results.map(fileJson), { total_size: totalSize });
});
