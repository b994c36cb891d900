// GET /api/models/{owner}/{model}/commits/{rev} (huggingface_hub's list_repo_commits, @huggingface/hub's
// listCommits): a version keeps files, not a git history, so a revision's history is one commit, its current state.
import { loadModel, resolveRevision, revisionCommits } from "@/lib/registry/revisions";
import { hf } from "./respond";

type P = { owner: string; model: string; rev: string };

export const GET = hf<P>(async ({ db, actor, params }) => {
  const access = await loadModel(db, actor, params.owner, params.model);
  const rev = await resolveRevision(db, access, params.rev);
  const commits = await revisionCommits(db, rev);
  return Response.json(
    commits.map((c) => ({
      id: c.id,
      title: c.title,
      message: c.message,
      date: c.date.toISOString(),
      authors: c.authors.map((user) => ({ user })),
    })),
    { headers: { "x-repo-commit": rev.commit, "x-total-count": String(commits.length) } },
  );
});
