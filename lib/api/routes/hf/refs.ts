// GET /api/models/{owner}/{model}/refs (huggingface_hub's list_repo_refs): main and the versions as branches, the
// stages and aliases as tags; no converts, no pull requests (Modelreg has none).
import { loadModel, revisionRefs } from "@/lib/registry/revisions";
import { hf } from "./respond";

type P = { owner: string; model: string };

export const GET = hf<P>(async ({ db, actor, params }) => {
  const access = await loadModel(db, actor, params.owner, params.model);
  const { branches, tags, truncated } = await revisionRefs(db, access);
  return Response.json({ branches, converts: [], tags, pullRequests: [] }, truncated ? { headers: { "x-modelreg-truncated": "true" } } : undefined);
});
