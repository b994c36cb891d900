// POST /api/models/{owner}/{model}/preupload/{rev} {files:[{path,size,sample}]}: how each file is to be sent.
// The server decides: small files inline in the commit ("regular"), larger ones through Git LFS.
import { z } from "zod";
import { readBodyText } from "@/lib/api/handler";
import { assertProjectCan } from "@/lib/registry/access";
import { isDefaultRevision, loadModel, resolveRevision } from "@/lib/registry/revisions";
import { normaliseFilePath } from "@/lib/storage/paths";
import { parseJson } from "./repos-create";
import { HfError, hf } from "./respond";
import { refuseCreatePr } from "./commit";

/** Files above this go through LFS (the Hub says 10 MB; smaller here keeps commit bodies small). */
export const REGULAR_MAX = 1024 * 1024;

const body = z.object({ files: z.array(z.object({ path: z.string(), size: z.number().int().min(0), sample: z.string().optional() })).max(1000) });

type P = { owner: string; model: string; rev: string };

export const POST = hf<P>(async ({ req, url, db, actor, params }) => {
  refuseCreatePr(url);
  const access = await loadModel(db, actor, params.owner, params.model);
  assertProjectCan(access, "file.upload", actor);
  if (!isDefaultRevision(params.rev)) await resolveRevision(db, access, params.rev);
  const parsed = body.safeParse(parseJson(await readBodyText(req)));
  if (!parsed.success) throw new HfError(400, `Invalid body: ${parsed.error.issues[0].path.join(".") || "body"} ${parsed.error.issues[0].message}`);
  return Response.json({
    files: parsed.data.files.map((f) => ({
      path: normaliseFilePath(f.path),
      uploadMode: f.size > REGULAR_MAX ? "lfs" : "regular",
      shouldIgnore: false,
    })),
  });
});
