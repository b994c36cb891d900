// GET /api/models/{owner}/{model}[/revision/{rev}]: the model, at a revision (main = the default revision).
import { isDefaultRevision, loadModel, resolveRevision, resolveRevisionIn, revisionFiles, revisionModelCard } from "@/lib/registry/revisions";
import { hf } from "./respond";
import { modelInfoJson } from "./wire";

type P = { owner: string; model: string; rev?: string };

export const GET = hf<P>(async ({ db, actor, params }) => {
  const access = await loadModel(db, actor, params.owner, params.model);
  const rev = params.rev ?? "main";
  // A model without versions still has an (empty) default revision, as a new Hub repository does.
  const resolved = isDefaultRevision(rev) ? await resolveRevisionIn(db, access, rev) : await resolveRevision(db, access, rev);
  const list = resolved ? await revisionFiles(db, resolved.version.id) : [];
  const card = await revisionModelCard(list);
  return Response.json(modelInfoJson(access, resolved, list, card));
});
