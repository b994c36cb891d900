// The Hub's git listings: GET /api/models/{repo}/refs (huggingface_hub's list_repo_refs) and
// GET /api/models/{repo}/commits/{rev} (list_repo_commits; @huggingface/hub's listCommits, the real client).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listCommits } from "@huggingface/hub";
import { callPath, serveRoutesForTest } from "@/lib/api/route-testing";
import { setAlias } from "@/lib/registry/aliases";
import { buildHfWorld, makeModel, makeVersionWithFiles, type HfWorld } from "./hf-testing";

let w: HfWorld;
let srv: { url: string; close(): Promise<void> };

beforeAll(async () => {
  w = await buildHfWorld("hfg");
  srv = await serveRoutesForTest();
  const day = (n: number) => new Date(Date.UTC(2026, 0, n));
  const pub = await makeModel(w, "fraud", { isPublic: true });
  await makeVersionWithFiles(w, pub, "fraud", "v1", { "config.json": '{"v":1}' }, { stage: "production", createdAt: day(1) });
  await makeVersionWithFiles(w, pub, "fraud", "v2", { "config.json": '{"v":2}' }, { stage: "production", createdAt: day(2) });
  await makeVersionWithFiles(w, pub, "fraud", "v3", { "config.json": '{"v":3}' }, { stage: "staging", createdAt: day(3) });
  await setAlias(w.t.db, w.users.owner, w.org, "fraud", "canary", { version: "v1" });
  const priv = await makeModel(w, "secret", { isPublic: false });
  await makeVersionWithFiles(w, priv, "secret", "v1", { "config.json": "{}" });
  await makeModel(w, "empty", { isPublic: true });
}, 120_000);
afterAll(async () => {
  await srv?.close();
  await w?.close();
});

const shaOf = async (rev: string, model = "fraud") => ((await callPath({ path: `/api/models/${w.org}/${model}/revision/${rev}` })).json as { sha: string }).sha;
type Ref = { name: string; ref: string; targetCommit: string };

describe("refs", () => {
  it("main and every version are branches, the stages and aliases tags, each at its commit id", async () => {
    const r = await callPath({ path: `/api/models/${w.org}/fraud/refs` });
    expect(r.status).toBe(200);
    const refs = r.json as { branches: Ref[]; tags: Ref[]; converts: Ref[]; pullRequests: Ref[] };
    expect(refs.converts).toEqual([]);
    expect(refs.pullRequests).toEqual([]);
    expect(refs.branches).toEqual([
      { name: "main", ref: "refs/heads/main", targetCommit: await shaOf("v2") },
      { name: "v3", ref: "refs/heads/v3", targetCommit: await shaOf("v3") },
      { name: "v2", ref: "refs/heads/v2", targetCommit: await shaOf("v2") },
      { name: "v1", ref: "refs/heads/v1", targetCommit: await shaOf("v1") },
    ]);
    expect(refs.tags).toEqual(
      [
        { name: "staging", ref: "refs/tags/staging", targetCommit: await shaOf("v3") },
        { name: "production", ref: "refs/tags/production", targetCommit: await shaOf("v2") },
        { name: "canary", ref: "refs/tags/canary", targetCommit: await shaOf("v1") },
      ].sort(
        (a, b) =>
          ["testing", "staging", "production", "disabled", "canary"].indexOf(a.name) -
          ["testing", "staging", "production", "disabled", "canary"].indexOf(b.name),
      ),
    );
    // Every target resolves back to the same revision.
    for (const b of refs.branches) expect(await shaOf(b.targetCommit)).toBe(b.targetCommit);
  });

  it("a model without versions has no refs; a private model is RepoNotFound to outsiders", async () => {
    expect((await callPath({ path: `/api/models/${w.org}/empty/refs` })).json).toMatchObject({ branches: [], tags: [] });
    const anon = await callPath({ path: `/api/models/${w.org}/secret/refs` });
    expect(anon.status).toBe(401);
    expect(anon.headers.get("x-error-code")).toBe("RepoNotFound");
    const out = await callPath({ path: `/api/models/${w.org}/secret/refs`, token: w.hfTokens.outsider });
    expect(out.status).toBe(404);
    const viewer = await callPath({ path: `/api/models/${w.org}/secret/refs`, token: w.hfTokens.viewer });
    expect((viewer.json as { branches: Ref[] }).branches.map((b) => b.name)).toEqual(["main", "v1"]);
  });
});

describe("commits", () => {
  it("@huggingface/hub listCommits: a revision's history is its current commit, with author and date", async () => {
    const got = [];
    for await (const c of listCommits({ repo: `${w.org}/fraud`, revision: "staging", hubUrl: srv.url })) got.push(c);
    expect(got).toHaveLength(1);
    expect(got[0].oid).toBe(await shaOf("v3"));
    expect(got[0].title).toBe("Version v3");
    expect(got[0].date).toBeInstanceOf(Date);
    expect(Number.isNaN(got[0].date.getTime())).toBe(false);
    const main = await callPath({ path: `/api/models/${w.org}/fraud/commits/main` });
    expect(main.json).toEqual([expect.objectContaining({ id: await shaOf("v2"), authors: [], message: "" })]);
    expect((main.json as { date: string }[])[0].date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("an unknown revision is RevisionNotFound; a private model RepoNotFound", async () => {
    const r = await callPath({ path: `/api/models/${w.org}/fraud/commits/nope` });
    expect(r.status).toBe(404);
    expect(r.headers.get("x-error-code")).toBe("RevisionNotFound");
    const out = await callPath({ path: `/api/models/${w.org}/secret/commits/main`, token: w.hfTokens.outsider });
    expect(out.status).toBe(404);
    expect(out.headers.get("x-error-code")).toBe("RepoNotFound");
  });
});
