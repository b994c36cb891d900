// GET /api/models/{owner}/{model}/tree/{rev}[/{path}]?recursive=&expand=&cursor=: the files and folders of a
// revision, paged through `Link: <…>; rel="next"` as the Hub pages them.
import { normaliseFilePath } from "@/lib/storage/paths";
import { loadModel, resolveRevision, revisionFiles } from "@/lib/registry/revisions";
import { HfError, hf } from "./respond";
import { treeEntries } from "./wire";

type P = { owner: string; model: string; rev: string; path: string[] };

const PAGE = 1000;

function page(url: URL): { limit: number; offset: number } {
  const num = (name: string, fallback: number, max: number) => {
    const raw = url.searchParams.get(name);
    if (raw === null || raw === "") return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > max) throw new HfError(400, `${name} must be a whole number from 0 to ${max}`);
    return n;
  };
  return { limit: Math.max(1, num("limit", PAGE, PAGE)), offset: num("cursor", 0, 10_000_000) };
}

const truthy = (v: string | null) => v !== null && /^(1|true|yes)$/i.test(v);

export const GET = hf<P>(async ({ url, db, actor, params }) => {
  const access = await loadModel(db, actor, params.owner, params.model);
  const rev = await resolveRevision(db, access, params.rev);
  const dir = params.path?.length ? normaliseFilePath(params.path.join("/")) : "";
  const all = await revisionFiles(db, rev.version.id, dir);
  const entries = treeEntries(all, dir, truthy(url.searchParams.get("recursive")));
  if (dir && entries.length === 0) throw new HfError(404, `Folder '${dir}' not found in revision '${params.rev}'`, "EntryNotFound");
  const { limit, offset } = page(url);
  const slice = entries.slice(offset, offset + limit);
  const headers: Record<string, string> = { "x-repo-commit": rev.commit };
  if (offset + limit < entries.length) {
    const next = new URL(url);
    next.searchParams.set("cursor", String(offset + limit));
    headers.link = `<${next.toString()}>; rel="next"`;
  }
  // expand: the last commit of each entry is the revision's own (a version is one commit here).
  const lastCommit = { id: rev.commit, title: rev.version.description || rev.version.name, date: new Date(rev.lastModified).toISOString() };
  return Response.json(truthy(url.searchParams.get("expand")) ? slice.map((e) => ({ ...e, lastCommit })) : slice, { headers });
});
