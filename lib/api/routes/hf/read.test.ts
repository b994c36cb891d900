// The Hub surface's read path, in-process through the route table: model info, revisions (names, stages,
// aliases, main/HEAD, commit ids), trees with paging, resolve headers and ranges, whoami, and every refusal.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { modelAliases, versions } from "@/db/schema";
import { callPath } from "@/lib/api/route-testing";
import { buildHfWorld, makeModel, makeVersionWithFiles, type HfWorld } from "./hf-testing";

let w: HfWorld;
let pub: number;
const sha = (s: string | Buffer) => crypto.createHash("sha256").update(s).digest("hex");
const CARD = "---\nlicense: mit\nlibrary_name: transformers\ntags:\n  - fraud\n---\n# Fraud detector\n";
const weights = crypto.randomBytes(300_000);

beforeAll(async () => {
  w = await buildHfWorld("hfr");
  pub = await makeModel(w, "fraud", { isPublic: true, readme: CARD, tags: ["tabular"] });
  const day = (n: number) => new Date(Date.UTC(2026, 0, n));
  await makeVersionWithFiles(w, pub, "fraud", "v1", { "config.json": '{"v":1}' }, { stage: "production", createdAt: day(1) });
  await makeVersionWithFiles(
    w,
    pub,
    "fraud",
    "v2",
    { "config.json": '{"v":2}', "weights/model.bin": weights, "weights/extra/a.txt": "a", "README.md": CARD },
    { stage: "production", createdAt: day(2), metaInfo: { pipeline_tag: "text-classification" } },
  );
  await makeVersionWithFiles(w, pub, "fraud", "v3", { "config.json": '{"v":3}' }, { stage: "staging", createdAt: day(3) });
  const priv = await makeModel(w, "secret", { isPublic: false });
  await makeVersionWithFiles(w, priv, "secret", "v1", { "config.json": "{}" });
  await makeModel(w, "empty", { isPublic: true });
}, 120_000);
afterAll(async () => w?.close());

const get = (path: string, token?: string, headers?: Record<string, string>) => callPath({ path, token, headers });

describe("model info and revisions", () => {
  it("main (and HEAD) is the newest production version: id, sha, siblings, card data, tags", async () => {
    const r = await get(`/api/models/${w.org}/fraud`);
    expect(r.status).toBe(200);
    const info = r.json as Record<string, unknown> & {
      siblings: { rfilename: string; size: number; lfs: { sha256: string } }[];
      modelreg: { version: string };
    };
    expect(info.id).toBe(`${w.org}/fraud`);
    expect(info.modelreg.version).toBe("v2");
    expect(info.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(info.private).toBe(false);
    expect(info.gated).toBe(false);
    expect(info.pipeline_tag).toBe("text-classification");
    expect(info.library_name).toBe("transformers");
    expect(info.cardData).toMatchObject({ license: "mit", tags: ["fraud"] });
    expect(info.tags).toEqual(expect.arrayContaining(["tabular", "transformers", "text-classification"]));
    expect(info.siblings.map((s) => s.rfilename).sort()).toEqual(["README.md", "config.json", "weights/extra/a.txt", "weights/model.bin"]);
    expect(info.siblings.find((s) => s.rfilename === "weights/model.bin")).toMatchObject({ size: weights.length, lfs: { sha256: sha(weights) } });
    const head = await get(`/api/models/${w.org}/fraud/revision/HEAD`);
    expect((head.json as { sha: string }).sha).toBe(info.sha);
  });

  it("a version name, a stage, an alias and a commit id resolve; the commit id is stable and found again", async () => {
    const at = async (rev: string) =>
      (await get(`/api/models/${w.org}/fraud/revision/${encodeURIComponent(rev)}`)).json as { sha: string; modelreg: { version: string } };
    expect((await at("v1")).modelreg.version).toBe("v1");
    expect((await at("production")).modelreg.version).toBe("v2");
    expect((await at("staging")).modelreg.version).toBe("v3");
    const v3 = await at("v3");
    expect((await at(v3.sha)).modelreg.version).toBe("v3");
    expect((await at("v3")).sha).toBe(v3.sha);
    const [v1row] = await w.t.db
      .select({ id: versions.id })
      .from(versions)
      .where(and(eq(versions.projectId, pub), eq(versions.name, "v1")));
    await w.t.db.insert(modelAliases).values({ projectId: pub, name: "champion", versionId: v1row.id });
    expect((await at("champion")).modelreg.version).toBe("v1");
  });

  it("the commit id changes when the files change, and the old one no longer resolves", async () => {
    const before = (await get(`/api/models/${w.org}/fraud/revision/v3`)).json as { sha: string };
    const put = await callPath({ method: "PUT", path: `/api/v1/${w.org}/fraud/versions/model/v3/files/new.txt`, token: w.tokens.member, body: "new" });
    expect(put.status).toBe(201);
    const after = (await get(`/api/models/${w.org}/fraud/revision/v3`)).json as { sha: string };
    expect(after.sha).not.toBe(before.sha);
    expect(after.sha.slice(0, 16)).toBe(before.sha.slice(0, 16));
    const old = await get(`/api/models/${w.org}/fraud/revision/${before.sha}`);
    expect(old.status).toBe(404);
    expect(old.headers.get("x-error-code")).toBe("RevisionNotFound");
  });

  it("an unknown revision is RevisionNotFound; a model without versions answers main with no sha", async () => {
    const r = await get(`/api/models/${w.org}/fraud/revision/v99`);
    expect(r.status).toBe(404);
    expect(r.headers.get("x-error-code")).toBe("RevisionNotFound");
    expect(r.json).toEqual({ error: expect.stringContaining("v99") });
    const empty = await get(`/api/models/${w.org}/empty`);
    expect(empty.status).toBe(200);
    expect(empty.json).toMatchObject({ id: `${w.org}/empty`, sha: null, siblings: [] });
    const tree = await get(`/api/models/${w.org}/empty/tree/main`);
    expect(tree.headers.get("x-error-code")).toBe("RevisionNotFound");
  });

  it("a private model: signed out 401 RepoNotFound, outsider 404 RepoNotFound, viewer (hf_ token) reads it", async () => {
    const anon = await get(`/api/models/${w.org}/secret`);
    expect(anon.status).toBe(401);
    expect(anon.headers.get("x-error-code")).toBe("RepoNotFound");
    const out = await get(`/api/models/${w.org}/secret`, w.hfTokens.outsider);
    expect(out.status).toBe(404);
    expect(out.headers.get("x-error-code")).toBe("RepoNotFound");
    expect(out.text).not.toMatch(/forbidden|permission/i);
    const missing = await get(`/api/models/${w.org}/nothing-here`, w.hfTokens.outsider);
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual(out.json ? { error: expect.any(String) } : null);
    const viewer = await get(`/api/models/${w.org}/secret`, w.hfTokens.viewer);
    expect(viewer.status).toBe(200);
    expect(viewer.json).toMatchObject({ private: true });
    const bad = await get(`/api/models/${w.org}/fraud`, "hf_mr_not-a-token");
    expect(bad.status).toBe(401);
    expect((await get(`/${w.org}/secret/resolve/main/config.json`, w.hfTokens.outsider)).headers.get("x-error-code")).toBe("RepoNotFound");
    expect((await get(`/${w.org}/secret/resolve/main/config.json`)).status).toBe(401);
    expect((await get(`/api/models/${w.org}/secret/tree/main`)).status).toBe(401);
  });
});

describe("tree", () => {
  type Entry = { type: string; path: string; size: number; oid: string; lfs?: { oid: string; size: number; pointerSize: number } };
  it("lists a folder, or everything with recursive, with LFS pointers computed from the stored sha256", async () => {
    const top = (await get(`/api/models/${w.org}/fraud/tree/v2`)).json as Entry[];
    expect(top.map((e) => `${e.type}:${e.path}`)).toEqual(["file:README.md", "file:config.json", "directory:weights"]);
    const all = (await get(`/api/models/${w.org}/fraud/tree/v2?recursive=true&expand=false`)).json as Entry[];
    expect(all.map((e) => e.path)).toEqual(["README.md", "config.json", "weights", "weights/extra", "weights/extra/a.txt", "weights/model.bin"]);
    const bin = all.find((e) => e.path === "weights/model.bin")!;
    const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${sha(weights)}\nsize ${weights.length}\n`;
    expect(bin).toMatchObject({ type: "file", size: weights.length, lfs: { oid: sha(weights), size: weights.length, pointerSize: pointer.length } });
    expect(bin.oid).toBe(crypto.createHash("sha1").update(`blob ${pointer.length}\0${pointer}`).digest("hex"));
    const expanded = (await get(`/api/models/${w.org}/fraud/tree/v2?expand=true`)).json as (Entry & { lastCommit: { id: string } })[];
    expect(expanded[0].lastCommit.id).toMatch(/^[0-9a-f]{40}$/);
    const sub = (await get(`/api/models/${w.org}/fraud/tree/v2/weights`)).json as Entry[];
    expect(sub.map((e) => e.path)).toEqual(["weights/extra", "weights/model.bin"]);
    const none = await get(`/api/models/${w.org}/fraud/tree/v2/nope`);
    expect(none.status).toBe(404);
    expect(none.headers.get("x-error-code")).toBe("EntryNotFound");
  });

  it("pages through Link rel=next until every entry was listed", async () => {
    let url: string | null = `/api/models/${w.org}/fraud/tree/v2?recursive=true&limit=2`;
    const seen: string[] = [];
    while (url) {
      const r = await get(url);
      expect(r.status).toBe(200);
      seen.push(...(r.json as Entry[]).map((e) => e.path));
      const link = r.headers.get("link");
      url = link ? new URL(/<([^>]+)>;\s*rel="next"/.exec(link)![1]).pathname + new URL(/<([^>]+)>/.exec(link)![1]).search : null;
    }
    expect(seen).toEqual(["README.md", "config.json", "weights", "weights/extra", "weights/extra/a.txt", "weights/model.bin"]);
  });
});

describe("paths-info", () => {
  it("answers the entries of the paths asked for (JSON or a form), skipping those that do not exist", async () => {
    const json = await callPath({
      method: "POST",
      path: `/api/models/${w.org}/fraud/paths-info/v2`,
      body: { paths: ["config.json", "weights", "nope", "../x"] },
    });
    expect(json.status).toBe(200);
    expect((json.json as { type: string; path: string }[]).map((e) => `${e.type}:${e.path}`)).toEqual(["file:config.json", "directory:weights"]);
    const { dispatch } = await import("@/lib/api/router");
    const { router } = await import("@/lib/api/routes");
    const formRes = await dispatch(
      router,
      new Request(`http://modelreg.test/api/models/${w.org}/fraud/paths-info/v2`, {
        method: "POST",
        body: "paths=weights%2Fmodel.bin&expand=false",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }),
    );
    const form = { json: await formRes!.json() };
    expect(form.json).toEqual([expect.objectContaining({ path: "weights/model.bin", lfs: expect.objectContaining({ oid: sha(weights) }) })]);
    expect((await callPath({ method: "POST", path: `/api/models/${w.org}/secret/paths-info/main`, body: { paths: [] } })).status).toBe(401);
  });
});

describe("resolve", () => {
  it("HEAD carries X-Repo-Commit, ETag, X-Linked-Etag/Size and Content-Length; GET streams the bytes", async () => {
    const info = (await get(`/api/models/${w.org}/fraud`)).json as { sha: string };
    const head = await callPath({ method: "HEAD", path: `/${w.org}/fraud/resolve/main/weights/model.bin` });
    expect(head.status).toBe(200);
    expect(head.headers.get("x-repo-commit")).toBe(info.sha);
    expect(head.headers.get("etag")).toBe(`"${sha(weights)}"`);
    expect(head.headers.get("x-linked-etag")).toBe(`"${sha(weights)}"`);
    expect(head.headers.get("x-linked-size")).toBe(String(weights.length));
    expect(head.headers.get("content-length")).toBe(String(weights.length));
    expect(head.headers.get("accept-ranges")).toBe("bytes");
    expect(head.text).toBe("");
    const res = await get(`/${w.org}/fraud/resolve/${info.sha}/config.json`);
    expect(res.status).toBe(200);
    expect(res.text).toBe('{"v":2}');
    expect((await get(`/${w.org}/fraud/raw/v1/config.json`)).text).toBe('{"v":1}');
    expect((await get(`/${w.org}/fraud/resolve/production/config.json`)).text).toBe('{"v":2}');
  });

  it("Range answers 206 with Content-Range; a missing file is EntryNotFound, a missing revision RevisionNotFound", async () => {
    const r = await get(`/${w.org}/fraud/resolve/v2/weights/model.bin`, undefined, { range: "bytes=10-19" });
    expect(r.status).toBe(206);
    expect(r.headers.get("content-range")).toBe(`bytes 10-19/${weights.length}`);
    const fr = await fetchBytes(`/${w.org}/fraud/resolve/v2/weights/model.bin`, { range: "bytes=10-19" });
    expect(fr.equals(weights.subarray(10, 20))).toBe(true);
    const missing = await get(`/${w.org}/fraud/resolve/v2/nope.bin`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("x-error-code")).toBe("EntryNotFound");
    const norev = await get(`/${w.org}/fraud/resolve/v77/config.json`);
    expect(norev.headers.get("x-error-code")).toBe("RevisionNotFound");
    const traversal = await get(`/${w.org}/fraud/resolve/v2/..%2F..%2Fetc/passwd`);
    expect(traversal.status).toBe(400);
  });
});

describe("whoami and what is not supported", () => {
  it("whoami-v2 names the user and their organizations (hf_ token), and is a 401 signed out", async () => {
    const r = await get("/api/whoami-v2", w.hfTokens.member);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ type: "user", name: `hfr-member`, orgs: [expect.objectContaining({ name: w.org })], auth: { type: "access_token" } });
    expect((await get("/api/whoami-v2", w.tokens.member)).status).toBe(200);
    expect((await get("/api/whoami-v2")).status).toBe(401);
  });

  it("datasets, spaces and Xet get a clear 4xx", async () => {
    const ds = await get("/api/datasets/acme/data");
    expect(ds.status).toBe(404);
    expect(ds.headers.get("x-error-code")).toBe("RepoNotFound");
    const x = await get(`/api/models/${w.org}/fraud/xet-read-token/main`);
    expect(x.status).toBe(400);
    expect(x.text).toContain("HF_HUB_DISABLE_XET=1");
  });
});

async function fetchBytes(path: string, headers: Record<string, string>): Promise<Buffer> {
  const { dispatch } = await import("@/lib/api/router");
  const { router } = await import("@/lib/api/routes");
  const res = await dispatch(router, new Request(`http://modelreg.test${path}`, { headers }));
  return Buffer.from(await res!.arrayBuffer());
}

describe("every Hub route on a private model", () => {
  it("answers signed-out callers 401 and outsiders 404 (RepoNotFound), never the model", async () => {
    const m = `${w.org}/secret`;
    const calls: [string, string, unknown?][] = [
      ["GET", `/api/models/${m}`],
      ["GET", `/api/models/${m}/revision/v1`],
      ["GET", `/api/models/${m}/tree/main`],
      ["POST", `/api/models/${m}/paths-info/main`, { paths: ["config.json"] }],
      ["HEAD", `/${m}/resolve/main/config.json`],
      ["GET", `/${m}/resolve/main/config.json`],
      ["GET", `/${m}/raw/main/config.json`],
      ["POST", `/api/models/${m}/preupload/main`, { files: [] }],
      ["POST", `/api/models/${m}/commit/main`, ""],
      ["POST", `/api/models/${m}/branch/rc9`, {}],
      ["POST", `/${m}.git/info/lfs/objects/batch`, { operation: "upload", objects: [] }],
    ];
    for (const [method, path, body] of calls) {
      const anon = await callPath({ method, path, body });
      expect([path, anon.status, anon.headers.get("x-error-code")]).toEqual([path, 401, "RepoNotFound"]);
      const out = await callPath({ method, path, body, token: w.hfTokens.outsider });
      expect([path, out.status, out.headers.get("x-error-code")]).toEqual([path, 404, "RepoNotFound"]);
    }
  });
});
