// POST /api/models/{owner}/{model}/paths-info/{rev} (paths[] as JSON from @huggingface/hub, as a form from
// huggingface_hub): the entries of those paths — files, or folders when a path is one — in the tree's shape.
import { readBodyText } from "@/lib/api/handler";
import { loadModel, resolveRevision, revisionFiles } from "@/lib/registry/revisions";
import { checkFilePath } from "@/lib/storage/paths";
import { HfError, hf } from "./respond";
import { fileEntry, treeEntries, type TreeEntry } from "./wire";

type P = { owner: string; model: string; rev: string };

function pathsOf(text: string, ctype: string): { paths: string[]; expand: boolean } {
  if (ctype.includes("application/x-www-form-urlencoded")) {
    const form = new URLSearchParams(text);
    return { paths: form.getAll("paths"), expand: /^(1|true)$/i.test(form.get("expand") ?? "") };
  }
  let body: unknown;
  try {
    body = text.trim() ? JSON.parse(text) : {};
  } catch {
    throw new HfError(400, "The body must be JSON {paths: [...]} or a form with paths=…");
  }
  const { paths, expand } = body as { paths?: unknown; expand?: unknown };
  if (!Array.isArray(paths) || !paths.every((p) => typeof p === "string")) throw new HfError(400, "paths must be a list of file paths");
  return { paths: paths as string[], expand: expand === true };
}

export const POST = hf<P>(async ({ req, db, actor, params }) => {
  const access = await loadModel(db, actor, params.owner, params.model);
  const rev = await resolveRevision(db, access, params.rev);
  const asked = pathsOf(await readBodyText(req), (req.headers.get("content-type") ?? "").toLowerCase());
  const wanted = asked.paths.slice(0, 1000);
  const all = await revisionFiles(db, rev.version.id);
  const byPath = new Map(all.map((f) => [f.path, f]));
  const folders = new Map(
    treeEntries(all, "", true)
      .filter((e) => e.type === "directory")
      .map((e) => [e.path, e]),
  );
  const out: TreeEntry[] = [];
  for (const raw of wanted) {
    const checked = checkFilePath(raw);
    if (!checked.ok) continue; // a path that cannot exist is simply not there, as on the Hub
    const f = byPath.get(checked.path);
    if (f) out.push(fileEntry(f));
    else if (folders.has(checked.path)) out.push(folders.get(checked.path)!);
  }
  // expand: the last commit of each entry is the revision's own (a version is one commit here).
  const lastCommit = { id: rev.commit, title: rev.version.description || rev.version.name, date: new Date(rev.lastModified).toISOString() };
  return Response.json(asked.expand ? out.map((e) => ({ ...e, lastCommit })) : out, { headers: { "x-repo-commit": rev.commit } });
});
