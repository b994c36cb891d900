// What huggingface_hub 1.28 (Python) sends, replayed over HTTP exactly as shared/HF-WIRE.md records it, and what
// it needs back: model_info, list_repo_files, hf_hub_download, snapshot_download, create_repo, upload_file
// (regular and LFS), create_branch, the error headers, and the Xet refusal.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveRoutesForTest } from "@/lib/api/route-testing";
import { buildHfWorld, makeModel, makeVersionWithFiles, type HfWorld } from "./hf-testing";

let w: HfWorld;
let srv: { url: string; close(): Promise<void> };
const sha = (b: Buffer | string) => crypto.createHash("sha256").update(b).digest("hex");
const UA = "unknown/None; hf_hub/1.28.0; python/3.11.2";

beforeAll(async () => {
  w = await buildHfWorld("hfp");
  srv = await serveRoutesForTest();
  const p = await makeModel(w, "fraud-detector", { isPublic: true });
  await makeVersionWithFiles(w, p, "fraud-detector", "v1", { "config.json": '{"x":1}', "model.bin": crypto.randomBytes(50_000) }, { stage: "production" });
  await makeVersionWithFiles(w, p, "fraud-detector", "v2", { "config.json": '{"x":2}' });
}, 120_000);
afterAll(async () => {
  await srv?.close();
  await w?.close();
});

function py(path: string, init: RequestInit & { token?: string } = {}) {
  const headers = new Headers(init.headers);
  headers.set("user-agent", UA);
  headers.set("x-amzn-trace-id", crypto.randomUUID());
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  return fetch(`${srv.url}${path}`, { ...init, headers });
}

const repo = () => `${w.org}/fraud-detector`;

describe("huggingface_hub's downloads", () => {
  it("model_info and list_repo_files", async () => {
    const info = (await (await py(`/api/models/${repo()}`)).json()) as { id: string; sha: string; siblings: { rfilename: string }[] };
    expect(info.id).toBe(repo());
    expect(info.siblings.map((s) => s.rfilename).sort()).toEqual(["config.json", "model.bin"]);
    const tree = (await (await py(`/api/models/${repo()}/tree/main?recursive=true&expand=false`)).json()) as { type: string; path: string; size: number }[];
    expect(tree.every((e) => e.type !== "file" || typeof e.size === "number")).toBe(true);
  });

  it("hf_hub_download: HEAD carries X-Repo-Commit, ETag and Content-Length, then GET", async () => {
    const head = await py(`/${repo()}/resolve/v2/config.json`, { method: "HEAD", headers: { "accept-encoding": "identity" } });
    expect(head.status).toBe(200);
    expect(head.headers.get("x-repo-commit")).toMatch(/^[0-9a-f]{40}$/);
    expect(head.headers.get("etag")!.replace(/^W\//, "").replace(/"/g, "")).toBe(sha('{"x":2}'));
    expect(head.headers.get("content-length")).toBe("7");
    expect(head.headers.get("location")).toBeNull();
    expect(await (await py(`/${repo()}/resolve/v2/config.json`)).text()).toBe('{"x":2}');
  });

  it("snapshot_download: revision/main → sha, tree/<sha>, then HEAD and GET per file under the sha", async () => {
    const info = (await (await py(`/api/models/${repo()}/revision/main`)).json()) as { sha: string };
    expect(info.sha).toMatch(/^[0-9a-f]{40}$/);
    const tree = (await (await py(`/api/models/${repo()}/tree/${info.sha}?recursive=true&expand=false`)).json()) as {
      type: string;
      path: string;
      size: number;
      lfs?: { oid: string };
    }[];
    for (const f of tree.filter((e) => e.type === "file")) {
      const head = await py(`/${repo()}/resolve/${info.sha}/${f.path}`, { method: "HEAD", headers: { "accept-encoding": "identity" } });
      expect(head.headers.get("x-repo-commit")).toBe(info.sha);
      expect(Number(head.headers.get("x-linked-size"))).toBe(f.size);
      const body = Buffer.from(await (await py(`/${repo()}/resolve/${info.sha}/${f.path}`)).arrayBuffer());
      expect(sha(body)).toBe(f.lfs!.oid);
    }
  });

  it("the error headers: EntryNotFound, RevisionNotFound, RepoNotFound, with X-Error-Message", async () => {
    const cases: [string, string, number][] = [
      [`/${repo()}/resolve/main/missing.json`, "EntryNotFound", 404],
      [`/${repo()}/resolve/v404/config.json`, "RevisionNotFound", 404],
      [`/${w.org}/nope/resolve/main/config.json`, "RepoNotFound", 401],
    ];
    for (const [path, code, status] of cases) {
      const r = await py(path, { method: "HEAD" });
      expect([r.status, r.headers.get("x-error-code")]).toEqual([status, code]);
      expect(r.headers.get("x-error-message")).toBeTruthy();
    }
  });
});

describe("huggingface_hub's uploads (HF_HUB_DISABLE_XET=1)", () => {
  const newRepo = () => `${w.org}/py-model`;
  const json = { "content-type": "application/json" };

  it("create_repo (private), then exist_ok's 409", async () => {
    const body = JSON.stringify({ name: "py-model", organization: w.org, visibility: "private" });
    const r = await py("/api/repos/create", { method: "POST", token: w.hfTokens.admin, headers: json, body });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { url: string }).url).toBe(`${srv.url}/${newRepo()}`);
    expect((await py("/api/repos/create", { method: "POST", token: w.hfTokens.admin, headers: json, body })).status).toBe(409);
  });

  it("upload_file, regular: preupload then an NDJSON commit", async () => {
    const content = Buffer.from("hello small\n");
    const pre = await py(`/api/models/${newRepo()}/preupload/main`, {
      method: "POST",
      token: w.hfTokens.member,
      headers: json,
      body: JSON.stringify({ files: [{ path: "notes.txt", sample: content.toString("base64"), size: content.length }] }),
    });
    expect(await pre.json()).toEqual({ files: [{ path: "notes.txt", uploadMode: "regular", shouldIgnore: false }] });
    const commit = await py(`/api/models/${newRepo()}/commit/main`, {
      method: "POST",
      token: w.hfTokens.member,
      headers: { "content-type": "application/x-ndjson" },
      body: [
        { key: "header", value: { summary: "Upload notes.txt with huggingface_hub", description: "" } },
        { key: "file", value: { content: content.toString("base64"), path: "notes.txt", encoding: "base64" } },
      ]
        .map((l) => JSON.stringify(l))
        .join("\n"),
    });
    expect(commit.status).toBe(200);
    const out = (await commit.json()) as { commitUrl: string; commitOid: string };
    expect(out.commitOid).toMatch(/^[0-9a-f]{40}$/);
    expect(out.commitUrl).toContain(out.commitOid);
    expect(await (await py(`/${newRepo()}/resolve/${out.commitOid}/notes.txt`, { token: w.hfTokens.viewer })).text()).toBe("hello small\n");
  });

  it("upload_file, LFS (11 MB): preupload → batch → PUT without auth → commit lfsFile", async () => {
    const big = crypto.randomBytes(11 * 1024 * 1024);
    const pre = (await (
      await py(`/api/models/${newRepo()}/preupload/main`, {
        method: "POST",
        token: w.hfTokens.member,
        headers: json,
        body: JSON.stringify({ files: [{ path: "model.bin", sample: big.subarray(0, 512).toString("base64"), size: big.length }] }),
      })
    ).json()) as { files: { uploadMode: string }[] };
    expect(pre.files[0].uploadMode).toBe("lfs");
    const batch = await py(`/${newRepo()}.git/info/lfs/objects/batch`, {
      method: "POST",
      token: w.hfTokens.member,
      headers: { accept: "application/vnd.git-lfs+json", "content-type": "application/vnd.git-lfs+json" },
      body: JSON.stringify({
        operation: "upload",
        transfers: ["basic", "multipart"],
        objects: [{ oid: sha(big), size: big.length }],
        hash_algo: "sha256",
        ref: { name: "main" },
      }),
    });
    expect(batch.status).toBe(200);
    const objects = ((await batch.json()) as { objects: { oid: string; actions?: { upload: { href: string; header?: Record<string, string> } } }[] }).objects;
    expect(objects[0].oid).toBe(sha(big));
    const href = objects[0].actions!.upload.href;
    expect(objects[0].actions!.upload.header?.chunk_size).toBeUndefined();
    const putRes = await fetch(href, { method: "PUT", body: big });
    expect(putRes.ok).toBe(true);
    const commit = await py(`/api/models/${newRepo()}/commit/main`, {
      method: "POST",
      token: w.hfTokens.member,
      headers: { "content-type": "application/x-ndjson" },
      body: [
        { key: "header", value: { summary: "Upload model.bin", description: "" } },
        { key: "lfsFile", value: { path: "model.bin", algo: "sha256", oid: sha(big), size: big.length } },
      ]
        .map((l) => JSON.stringify(l))
        .join("\n"),
    });
    expect(commit.status).toBe(200);
    const files = (await (await py(`/api/models/${newRepo()}/tree/main?recursive=true&expand=false`, { token: w.hfTokens.viewer })).json()) as {
      path: string;
    }[];
    expect(files.map((f) => f.path)).toEqual(["model.bin", "notes.txt"]);
    const back = Buffer.from(await (await py(`/${newRepo()}/resolve/main/model.bin`, { token: w.hfTokens.viewer })).arrayBuffer());
    expect(sha(back)).toBe(sha(big));
  });

  it("create_branch registers a version (409 when it exists); with hf_xet, the Xet token call gets a clear 400", async () => {
    const b = await py(`/api/models/${newRepo()}/branch/rc1`, { method: "POST", token: w.hfTokens.member, headers: json, body: "{}" });
    expect(b.status).toBe(200);
    expect((await py(`/api/models/${newRepo()}/branch/rc1`, { method: "POST", token: w.hfTokens.member, headers: json, body: "{}" })).status).toBe(409);
    const files = (await (await py(`/api/models/${newRepo()}/tree/rc1?recursive=true`, { token: w.hfTokens.viewer })).json()) as { path: string }[];
    expect(files.map((f) => f.path)).toEqual(["model.bin", "notes.txt"]);
    const xet = await py(`/api/models/${newRepo()}/xet-write-token/main`, { token: w.hfTokens.member });
    expect(xet.status).toBe(400);
    expect(xet.headers.get("x-error-message")).toContain("HF_HUB_DISABLE_XET=1");
  });
});
