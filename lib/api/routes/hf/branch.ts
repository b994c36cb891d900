// POST /api/models/{owner}/{model}/branch/{name} {startingPoint?, emptyBranch?}: registers a version named
// `name` with the files of the starting revision (default: main), or none.
import { z } from "zod";
import { readBodyText } from "@/lib/api/handler";
import { assertProjectCan } from "@/lib/registry/access";
import { commitFiles } from "@/lib/registry/file-commit";
import { loadModel, resolveRevision, resolveRevisionIn, revisionOfVersion } from "@/lib/registry/revisions";
import { parseJson } from "./repos-create";
import { HfError, hf } from "./respond";

const body = z.object({ startingPoint: z.string().nullish(), emptyBranch: z.boolean().nullish() });

type P = { owner: string; model: string; name: string };

export const POST = hf<P>(async ({ req, db, actor, params }) => {
  const access = await loadModel(db, actor, params.owner, params.model);
  assertProjectCan(access, "version.write", actor);
  const parsed = body.safeParse(parseJson(await readBodyText(req)));
  if (!parsed.success) throw new HfError(400, "Invalid body: startingPoint must be a revision, emptyBranch a boolean.");
  const from = parsed.data.emptyBranch
    ? null
    : parsed.data.startingPoint
      ? await resolveRevision(db, access, parsed.data.startingPoint)
      : await resolveRevisionIn(db, access, "main");
  const result = await commitFiles(db, actor, {
    owner: access.org.name,
    project: access.project.name,
    target: { kind: "new", baseVersionId: from?.version.id ?? null, name: params.name },
    operations: [],
    summary: `Created from ${from ? from.version.name : "nothing"} through the Hugging Face API`,
  });
  const rev = await revisionOfVersion(db, result.versionId);
  return Response.json({ name: result.version, commitOid: rev.commit });
});
