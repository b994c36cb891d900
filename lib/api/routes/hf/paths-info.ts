// POST /api/models/{owner}/{model}/paths-info/{rev} (paths[] as JSON from @huggingface/hub, as a form from
// huggingface_hub): the entries of those paths — files, or folders when a path is one — in the tree's shape.
import { readBodyText } from "@/lib/api/handler";
import { loadModel, resolveRevision, revisionFiles } from "@/lib/registry/revisions";
import { checkFilePath } from "@/lib/storage/paths";
import { HfError, hf } from "./respond";
import { fileEntry, treeEntries, type TreeEntry } from "./wire";

type P = { owner: string; model: string; rev: string };

function pathsOf(text: string, ctype: string): string[] {
  if (ctype.includes("application/x-www-form-urlencoded")) return new URLSearchParams(text).getAll("paths");
  let body: unknown;
  try {
    body = text.trim() ? JSON.parse(text) : {};
  } catch {
    throw new HfError(400, "The body must be JSON {paths: [...]} or a form with paths=…");
  }
  const paths = (body as { paths?: unknown }).paths;
  if (!Array.isArray(paths) || !paths.every((p) => typeof p === "string")) throw new HfError(400, "paths must be a list of file paths");
  return paths as string[];
}

export const POST = hf<P>(async ({ req, db, actor, params }) => {
  const access = await loadModel(db, actor, params.owner, params.model);
  const rev = await resolveRevision(db, access, params.rev);
  const wanted = pathsOf(await readBodyText(req), (req.headers.get("content-type") ?? "").toLowerCase()).slice(0, 1000);
  const all = await revisionFiles(db, rev.version.id);
  const byPath = new Map(all.map((f) => [f.path, f]));
  const folders = new Map(treeEntries(all, "", true).filter((e) => e.type === "directory").map((e) => [e.path, e]));
  const out: TreeEntry[] = [];
  for (const raw of wanted) {
    const checked = checkFilePath(raw);
    if (!checked.ok) continue; // a path that cannot exist is simply not there, as on the Hub
    const f = byPath.get(checked.path);
    if (f) out.push(fileEntry(f));
    else if (folders.has(checked.path)) out.push(folders.get(checked.path)!);
  }
  return Response.json(out, { headers: { "x-repo-commit": rev.commit } });
});
