// The REAL @huggingface/hub client writing to a running instance: createRepo, uploadFiles (a small regular file
// and a ≥ 20 MB LFS file), deleteFile, deduplication, and every refusal — viewer writing, a protected-stage
// version written, an expired upload URL, a wrong sha256 or size on the upload URL (nothing kept).
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HubApiError, createRepo, deleteFile, downloadFile, listFiles, modelInfo, uploadFiles } from "@huggingface/hub";
import { eq } from "drizzle-orm";
import { activities, versions } from "@/db/schema";
import { serveRoutesForTest } from "@/lib/api/route-testing";
import { getBlobStore } from "@/lib/storage";
import { buildHfWorld, makeModel, makeVersionWithFiles, type HfWorld } from "./hf-testing";

/** The suite, on the local blob store or on S3 (each in its own test file: the store is process-wide). */
export function writeSuite(store: "local" | "s3"): void {
  let w: HfWorld;
  let srv: { url: string; close(): Promise<void> };
  const sha = (b: Buffer | string) => crypto.createHash("sha256").update(b).digest("hex");
  const big = crypto.randomBytes(21 * 1024 * 1024);
  /** Every request the app itself received, with its declared body size: proves which bytes passed through it. */
  const appRequests: { line: string; length: number }[] = [];
  const staged = async () => {
    const out: string[] = [];
    const st = getBlobStore().staged;
    if (st) for await (const id of st.listOlderThan(new Date(Date.now() + 3600_000))) out.push(id);
    return out;
  };

  beforeAll(async () => {
    w = await buildHfWorld(`hfw`, store);
    srv = await serveRoutesForTest({
      onRequest: (req) => appRequests.push({ line: `${req.method} ${(req.url ?? "").split("?")[0]}`, length: Number(req.headers["content-length"] ?? 0) }),
    });
    const guarded = await makeModel(w, "guarded", { isPublic: false });
    await makeVersionWithFiles(w, guarded, "guarded", "v1", { "config.json": "{}" }, { stage: "production" });
  }, 120_000);
  afterAll(async () => {
    await srv?.close();
    await w?.close();
  });

  /** A fetch that records what the client asked for (method and path). */
  function recording() {
    const calls: string[] = [];
    const f: typeof fetch = (input, init) => {
      const u = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
      calls.push(`${init?.method ?? "GET"} ${u.pathname}`);
      return fetch(input, init);
    };
    return { calls, fetch: f };
  }

  async function files(repo: string, token?: string, revision?: string) {
    const out: string[] = [];
    for await (const e of listFiles({ repo, hubUrl: srv.url, recursive: true, accessToken: token, revision })) if (e.type === "file") out.push(e.path);
    return out.sort();
  }

  async function versionNames(repo: string): Promise<string[]> {
    const info = (await (
      await fetch(`${srv.url}/api/v1/${repo}/versions/model?limit=100`, { headers: { authorization: `Bearer ${w.tokens.owner}` } })
    ).json()) as {
      results: { name: string }[];
    };
    return info.results.map((r) => r.name).sort();
  }

  describe("@huggingface/hub writes a Modelreg model", () => {
    const repo = () => `${w.org}/uploaded`;

    it("createRepo creates a private model (409 when it exists); a viewer may not create one", async () => {
      const made = await createRepo({ repo: repo(), accessToken: w.hfTokens.admin, hubUrl: srv.url });
      expect(made.repoUrl).toBe(`${srv.url}/${repo()}`);
      const info = await modelInfo({ name: repo(), hubUrl: srv.url, accessToken: w.hfTokens.member });
      expect(info.private).toBe(true);
      await expect(createRepo({ repo: repo(), accessToken: w.hfTokens.admin, hubUrl: srv.url })).rejects.toMatchObject({ statusCode: 409 });
      await expect(createRepo({ repo: `${w.org}/by-viewer`, accessToken: w.hfTokens.viewer, hubUrl: srv.url })).rejects.toMatchObject({ statusCode: 403 });
      await expect(createRepo({ repo: `datasets/${w.org}/data`, accessToken: w.hfTokens.admin, hubUrl: srv.url })).rejects.toMatchObject({ statusCode: 400 });
    });

    it("uploadFiles: a small regular file and a 21 MB LFS file make a new version; the bytes come back equal", async () => {
      const rec = recording();
      const before = w.blobs();
      const out = await uploadFiles({
        repo: repo(),
        accessToken: w.hfTokens.member,
        hubUrl: srv.url,
        fetch: rec.fetch,
        files: [
          { path: "config.json", content: new Blob(['{"hidden":8}']) },
          { path: "weights/model.safetensors", content: new Blob([big]) },
        ],
        commitTitle: "first weights",
      });
      expect(out?.commit.oid).toMatch(/^[0-9a-f]{40}$/);
      if (store === "local") {
        expect(rec.calls.some((c) => c.startsWith("PUT /api/lfs/upload/"))).toBe(true);
      } else {
        // On S3 the 21 MB go from the client straight into the bucket's staging area: the app receives none of them.
        expect(rec.calls.some((c) => c.startsWith("PUT /modelreg-hf/blobs/.staging/"))).toBe(true);
        expect(rec.calls.some((c) => c.startsWith("PUT /api/lfs/upload/"))).toBe(false);
        expect(appRequests.filter((r) => r.line.startsWith("PUT /api/lfs/upload/"))).toEqual([]);
        expect(Math.max(...appRequests.map((r) => r.length))).toBeLessThan(1024 * 1024);
        expect(await staged()).toEqual([]); // verified at the commit (this client never calls verify), then moved
      }
      expect(rec.calls).toContain(`POST /${repo()}.git/info/lfs/objects/batch`);
      expect(w.blobs()).toBe(before + 2);
      expect(await versionNames(repo())).toEqual(["v1"]);
      expect(await files(repo(), w.hfTokens.viewer)).toEqual(["config.json", "weights/model.safetensors"]);
      const blob = await downloadFile({ repo: repo(), path: "weights/model.safetensors", hubUrl: srv.url, accessToken: w.hfTokens.viewer });
      expect(sha(Buffer.from(await blob!.arrayBuffer()))).toBe(sha(big));
      const cfg = await downloadFile({ repo: repo(), path: "config.json", hubUrl: srv.url, accessToken: w.hfTokens.viewer, revision: out!.commit.oid });
      expect(await cfg!.text()).toBe('{"hidden":8}');
      const info = await modelInfo({ name: repo(), hubUrl: srv.url, accessToken: w.hfTokens.viewer, additionalFields: ["sha"] });
      expect(info.sha).toBe(out!.commit.oid);
    });

    it("the same content again: the batch asks for no upload and no second blob is stored", async () => {
      const rec = recording();
      const before = w.blobs();
      await uploadFiles({
        repo: repo(),
        accessToken: w.hfTokens.member,
        hubUrl: srv.url,
        fetch: rec.fetch,
        files: [{ path: "copy/model.safetensors", content: new Blob([big]) }],
      });
      expect(rec.calls.some((c) => c.startsWith("PUT "))).toBe(false);
      expect(w.blobs()).toBe(before);
      // main moved to v2, which started from v1's files
      expect(await versionNames(repo())).toEqual(["v1", "v2"]);
      expect(await files(repo(), w.hfTokens.viewer)).toEqual(["config.json", "copy/model.safetensors", "weights/model.safetensors"]);
    });

    it("a commit to a version changes that version; deleteFile on main registers a version without the file", async () => {
      await uploadFiles({
        repo: repo(),
        accessToken: w.hfTokens.member,
        hubUrl: srv.url,
        branch: "v1",
        files: [{ path: "notes.txt", content: new Blob(["v1 notes"]) }],
      });
      expect(await files(repo(), w.hfTokens.viewer, "v1")).toEqual(["config.json", "notes.txt", "weights/model.safetensors"]);
      expect(await versionNames(repo())).toEqual(["v1", "v2"]);
      await deleteFile({ repo: repo(), path: "copy/model.safetensors", accessToken: w.hfTokens.member, hubUrl: srv.url });
      expect(await versionNames(repo())).toEqual(["v1", "v2", "v3"]);
      expect(await files(repo(), w.hfTokens.viewer)).toEqual(["config.json", "weights/model.safetensors"]);
      // deleting a file of an existing version is an admin's act (file.delete), as in the REST API
      await expect(deleteFile({ repo: repo(), path: "notes.txt", branch: "v1", accessToken: w.hfTokens.member, hubUrl: srv.url })).rejects.toMatchObject({
        statusCode: 403,
      });
      await deleteFile({ repo: repo(), path: "notes.txt", branch: "v1", accessToken: w.hfTokens.admin, hubUrl: srv.url });
      expect(await files(repo(), w.hfTokens.viewer, "v1")).toEqual(["config.json", "weights/model.safetensors"]);
    });

    it("a viewer writing is refused (403) and an outsider sees no repository (404), before anything is stored", async () => {
      const before = w.blobs();
      const small = new Blob([crypto.randomBytes(2 * 1024 * 1024)]);
      const viewer = await uploadFiles({ repo: repo(), accessToken: w.hfTokens.viewer, hubUrl: srv.url, files: [{ path: "x.bin", content: small }] }).catch(
        (e: unknown) => e,
      );
      expect((viewer as HubApiError).statusCode).toBe(403);
      const outsider = await uploadFiles({ repo: repo(), accessToken: w.hfTokens.outsider, hubUrl: srv.url, files: [{ path: "x.bin", content: small }] }).catch(
        (e: unknown) => e,
      );
      expect((outsider as HubApiError).statusCode).toBe(404);
      const anon = await fetch(`${srv.url}/${repo()}.git/info/lfs/objects/batch`, {
        method: "POST",
        body: JSON.stringify({ operation: "upload", objects: [] }),
      });
      expect(anon.status).toBe(401);
      expect(anon.headers.get("x-error-code")).toBe("RepoNotFound");
      expect(w.blobs()).toBe(before);
      expect(await versionNames(repo())).toEqual(["v1", "v2", "v3"]);
    });

    it("a version in a protected stage is not written: member 403, admin 409; its files are unchanged", async () => {
      const g = `${w.org}/guarded`;
      const member = await uploadFiles({
        repo: g,
        accessToken: w.hfTokens.member,
        hubUrl: srv.url,
        branch: "v1",
        files: [{ path: "config.json", content: new Blob(["changed"]) }],
      }).catch((e: unknown) => e);
      expect((member as HubApiError).statusCode).toBe(403);
      const admin = await uploadFiles({
        repo: g,
        accessToken: w.hfTokens.admin,
        hubUrl: srv.url,
        branch: "production",
        files: [{ path: "config.json", content: new Blob(["changed"]) }],
      }).catch((e: unknown) => e);
      expect((admin as HubApiError).statusCode).toBe(409);
      expect((admin as HubApiError).message).toContain("protected stage");
      const cfg = await downloadFile({ repo: g, path: "config.json", revision: "v1", hubUrl: srv.url, accessToken: w.hfTokens.viewer });
      expect(await cfg!.text()).toBe("{}");
    });

    it("create_pr, datasets and Xet tokens get a clear 4xx", async () => {
      const pr = await uploadFiles({
        repo: repo(),
        accessToken: w.hfTokens.member,
        hubUrl: srv.url,
        isPullRequest: true,
        files: [{ path: "a.txt", content: new Blob(["a"]) }],
      }).catch((e: unknown) => e);
      expect((pr as HubApiError).statusCode).toBe(400);
      expect((pr as HubApiError).message).toContain("Pull requests are not supported");
      const xet = await fetch(`${srv.url}/api/models/${repo()}/xet-write-token/main`, { headers: { authorization: `Bearer ${w.hfTokens.member}` } });
      expect(xet.status).toBe(400);
      expect(await xet.text()).toContain("HF_HUB_DISABLE_XET=1");
    });
  });

  describe(`the upload URL${store === "s3" ? " (through the app: MODELREG_S3_DIRECT_UPLOAD=0)" : ""}`, () => {
    beforeAll(() => {
      if (store === "s3") process.env.MODELREG_S3_DIRECT_UPLOAD = "0";
    });
    afterAll(() => {
      delete process.env.MODELREG_S3_DIRECT_UPLOAD;
    });

    async function grant(body: Buffer, size = body.length): Promise<string> {
      const res = await fetch(`${srv.url}/${w.org}/uploaded.git/info/lfs/objects/batch`, {
        method: "POST",
        headers: { authorization: `Bearer ${w.hfTokens.member}`, "content-type": "application/vnd.git-lfs+json" },
        body: JSON.stringify({ operation: "upload", transfers: ["basic"], objects: [{ oid: sha(body), size }] }),
      });
      expect(res.status).toBe(200);
      const json = (await res.json()) as { objects: { actions?: { upload: { href: string } } }[] };
      return json.objects[0].actions!.upload.href;
    }

    it("takes the granted bytes without Authorization, and records that it received them", async () => {
      const body = crypto.randomBytes(4096);
      const href = await grant(body);
      const res = await fetch(href, { method: "PUT", body });
      expect(res.status).toBe(200);
      expect(await getBlobStore().exists(sha(body))).toBe(true);
      const rows = await w.t.db
        .select()
        .from(activities)
        .where(eq(activities.target, sha(body)));
      expect(rows.map((r) => r.verb)).toEqual(["file.lfs_received"]);
    });

    it("refuses a wrong sha256 or size, or an altered URL, and keeps nothing", async () => {
      const body = crypto.randomBytes(4096);
      const href = await grant(body);
      const before = w.blobs();
      const other = crypto.randomBytes(4096);
      const wrongSha = await fetch(href, { method: "PUT", body: other });
      expect(wrongSha.status).toBe(400);
      expect(await wrongSha.text()).toContain("nothing was stored");
      const longer = await fetch(href, { method: "PUT", body: Buffer.concat([body, Buffer.from("x")]) });
      expect([400, 413]).toContain(longer.status);
      const shorter = await fetch(href, { method: "PUT", body: body.subarray(0, 4000) });
      expect(shorter.status).toBe(400);
      const tampered = href.replace(/\.([A-Za-z0-9_-]+)$/, (_, s: string) => `.${s.slice(0, -2)}AA`);
      expect((await fetch(tampered, { method: "PUT", body })).status).toBe(403);
      expect(w.blobs()).toBe(before);
      for (const b of [body, other]) expect(await getBlobStore().exists(sha(b))).toBe(false);
    });

    it("an expired upload URL is refused (403) and stores nothing", async () => {
      process.env.MODELREG_LFS_UPLOAD_TTL = "1";
      try {
        const body = crypto.randomBytes(2048);
        const href = await grant(body);
        await new Promise((r) => setTimeout(r, 1100));
        const res = await fetch(href, { method: "PUT", body });
        expect(res.status).toBe(403);
        expect(await res.text()).toContain("expired");
        expect(await getBlobStore().exists(sha(body))).toBe(false);
      } finally {
        delete process.env.MODELREG_LFS_UPLOAD_TTL;
      }
    });

    it("a commit may not claim an object the model was never given (another model's private file)", async () => {
      const secret = await makeModel(w, "other-secret", { isPublic: false });
      const bytes = crypto.randomBytes(3000);
      await makeVersionWithFiles(w, secret, "other-secret", "v1", { "private.bin": bytes });
      const line = (o: unknown) => JSON.stringify(o);
      const res = await fetch(`${srv.url}/api/models/${w.org}/uploaded/commit/main`, {
        method: "POST",
        headers: { authorization: `Bearer ${w.hfTokens.outsider}`, "content-type": "application/x-ndjson" },
        body: [
          line({ key: "header", value: { summary: "steal" } }),
          line({ key: "lfsFile", value: { path: "stolen.bin", algo: "sha256", oid: sha(bytes), size: bytes.length } }),
        ].join("\n"),
      });
      expect(res.status).toBe(404); // the outsider does not even see the model
      const own = await makeModel(w, "mine", { isPublic: true });
      void own;
      const res2 = await fetch(`${srv.url}/api/models/${w.org}/mine/commit/main`, {
        method: "POST",
        headers: { authorization: `Bearer ${w.hfTokens.member}`, "content-type": "application/x-ndjson" },
        body: [
          line({ key: "header", value: { summary: "steal" } }),
          line({ key: "lfsFile", value: { path: "stolen.bin", algo: "sha256", oid: sha(bytes), size: bytes.length } }),
        ].join("\n"),
      });
      expect(res2.status).toBe(400);
      expect(await res2.text()).toContain("has not been uploaded to this model");
      const [v] = await w.t.db.select({ id: versions.id }).from(versions).where(eq(versions.projectId, own));
      expect(v).toBeUndefined();
    });
  });

  describe.runIf(store === "s3")("LFS straight to the bucket (S3)", () => {
    type Actions = { upload: { href: string; header?: Record<string, string> }; verify?: { href: string } };
    async function batch(body: Buffer, opts: { size?: number; transfers?: string[]; model?: string } = {}): Promise<Actions> {
      const res = await fetch(`${srv.url}/${w.org}/${opts.model ?? "uploaded"}.git/info/lfs/objects/batch`, {
        method: "POST",
        headers: { authorization: `Bearer ${w.hfTokens.member}`, "content-type": "application/vnd.git-lfs+json" },
        body: JSON.stringify({ operation: "upload", transfers: opts.transfers ?? ["basic"], objects: [{ oid: sha(body), size: opts.size ?? body.length }] }),
      });
      expect(res.status).toBe(200);
      const json = (await res.json()) as { objects: { actions?: Actions }[] };
      return json.objects[0].actions as Actions;
    }
    const verify = (a: Actions, body: Buffer, size = body.length) =>
      fetch(a.verify!.href, { method: "POST", headers: { authorization: `Bearer ${w.hfTokens.member}` }, body: JSON.stringify({ oid: sha(body), size }) });
    const commitLfs = (body: Buffer, path: string) =>
      fetch(`${srv.url}/api/models/${w.org}/uploaded/commit/main`, {
        method: "POST",
        headers: { authorization: `Bearer ${w.hfTokens.member}`, "content-type": "application/x-ndjson" },
        body: [
          JSON.stringify({ key: "header", value: { summary: "lfs" } }),
          JSON.stringify({ key: "lfsFile", value: { path, algo: "sha256", oid: sha(body), size: body.length } }),
        ].join("\n"),
      });

    it("the batch answers a presigned PUT into the staging area and a verify URL; verify makes it the blob, once", async () => {
      const body = crypto.randomBytes(3 * 1024 * 1024);
      const a = await batch(body);
      expect(new URL(a.upload.href).pathname).toMatch(/^\/modelreg-hf\/blobs\/\.staging\/[0-9a-f-]{36}\/\d+\/[0-9a-f]{64}$/);
      expect(new URL(a.upload.href).searchParams.get("X-Amz-Signature")).toBeTruthy();
      expect(a.verify!.href).toMatch(/\/api\/lfs\/verify\//);
      expect((await fetch(a.upload.href, { method: "PUT", body })).status).toBe(200);
      expect(await getBlobStore().exists(sha(body))).toBe(false); // staged, not yet a blob
      expect((await verify(a, body)).status).toBe(200);
      expect(await getBlobStore().exists(sha(body))).toBe(true);
      expect(await staged()).toEqual([]);
      expect((await verify(a, body)).status).toBe(200); // idempotent
      const rows = await w.t.db
        .select()
        .from(activities)
        .where(eq(activities.target, sha(body)));
      expect(rows.map((r) => [r.verb, (r.details as { direct?: boolean }).direct])).toEqual([["file.lfs_received", true]]);
      expect(await batch(body)).toBeUndefined(); // now available: no actions (checked by the next batch call)
    });

    it("wrong bytes of the right size: verify refuses, the staged object is deleted, no blob, the commit refuses", async () => {
      const body = crypto.randomBytes(2 * 1024 * 1024);
      const other = crypto.randomBytes(body.length);
      const a = await batch(body);
      expect((await fetch(a.upload.href, { method: "PUT", body: other })).status).toBe(200);
      const v = await verify(a, body);
      expect(v.status).toBe(400);
      expect(await v.text()).toContain("nothing was kept");
      expect(await staged()).toEqual([]);
      for (const b of [body, other]) expect(await getBlobStore().exists(sha(b))).toBe(false);
      const c = await commitLfs(body, "bad.bin");
      expect(c.status).toBe(400);
      expect(await c.text()).toContain("has not been uploaded to this model");
    });

    it("a commit verifies an unverified staged object itself: wrong bytes are refused and deleted, no version made", async () => {
      const before = await versionNames(`${w.org}/uploaded`);
      const body = crypto.randomBytes(1024 * 1024 + 5);
      const a = await batch(body);
      expect((await fetch(a.upload.href, { method: "PUT", body: crypto.randomBytes(body.length) })).status).toBe(200);
      expect(await staged()).toHaveLength(1);
      const c = await commitLfs(body, "unverified.bin");
      expect(c.status).toBe(400);
      expect(await c.text()).toContain("nothing was kept");
      expect(await staged()).toEqual([]);
      expect(await getBlobStore().exists(sha(body))).toBe(false);
      expect(await versionNames(`${w.org}/uploaded`)).toEqual(before);
    });

    it("a body of another size is refused by S3 (the length is signed) or by verify; nothing kept", async () => {
      const body = crypto.randomBytes(1024 * 1024 + 77);
      const a = await batch(body);
      const put = await fetch(a.upload.href, { method: "PUT", body: body.subarray(0, body.length - 1) });
      // s3rver takes it (200); real S3 refuses it (the signed Content-Length differs). Either way verify refuses.
      if (put.ok) expect((await verify(a, body)).status).toBe(400);
      else expect((await verify(a, body)).status).toBe(404);
      expect(await staged()).toEqual([]);
      expect(await getBlobStore().exists(sha(body))).toBe(false);
    });

    it("multipart (HF's chunk_size + part URLs): @huggingface/hub uploads 21 MB in parts to the bucket, completion verifies", async () => {
      process.env.MODELREG_LFS_MULTIPART_CHUNK = String(5 * 1024 * 1024);
      try {
        const body = crypto.randomBytes(21 * 1024 * 1024 + 3);
        const a = await batch(body, { transfers: ["basic", "multipart"] });
        expect(a.upload.header?.chunk_size).toBe(String(5 * 1024 * 1024));
        expect(Object.keys(a.upload.header!).filter((k) => /^\d+$/.test(k))).toEqual(["1", "2", "3", "4", "5"]);
        expect(a.upload.href).toMatch(/\/api\/lfs\/complete\//);
        const rec = recording();
        const seen = appRequests.length;
        const out = await uploadFiles({
          repo: `${w.org}/uploaded`,
          accessToken: w.hfTokens.member,
          hubUrl: srv.url,
          fetch: rec.fetch,
          files: [{ path: "parts/model.bin", content: new Blob([body]) }],
        });
        expect(out?.commit.oid).toMatch(/^[0-9a-f]{40}$/);
        expect(rec.calls.filter((c) => c.startsWith("PUT /modelreg-hf/blobs/.staging/"))).toHaveLength(5);
        expect(rec.calls.some((c) => c.startsWith("POST /api/lfs/complete/"))).toBe(true);
        expect(Math.max(...appRequests.slice(seen).map((r) => r.length))).toBeLessThan(1024 * 1024);
        expect(await staged()).toEqual([]);
        const blob = await downloadFile({ repo: `${w.org}/uploaded`, path: "parts/model.bin", hubUrl: srv.url, accessToken: w.hfTokens.viewer });
        expect(sha(Buffer.from(await blob!.arrayBuffer()))).toBe(sha(body));
      } finally {
        delete process.env.MODELREG_LFS_MULTIPART_CHUNK;
      }
    });

    it("multipart in huggingface_hub's order (parts, completion, then verify) lands once; wrong parts keep nothing", async () => {
      process.env.MODELREG_LFS_MULTIPART_CHUNK = String(5 * 1024 * 1024);
      try {
        const good = crypto.randomBytes(7 * 1024 * 1024);
        const g = await batch(good, { transfers: ["basic", "multipart"] });
        const parts = [];
        for (const [i, part] of [good.subarray(0, 5 * 1024 * 1024), good.subarray(5 * 1024 * 1024)].entries()) {
          const r = await fetch(g.upload.header![String(i + 1)], { method: "PUT", body: part });
          parts.push({ partNumber: i + 1, etag: r.headers.get("etag")! });
        }
        const lfs = { accept: "application/vnd.git-lfs+json", "content-type": "application/vnd.git-lfs+json" };
        expect((await fetch(g.upload.href, { method: "POST", headers: lfs, body: JSON.stringify({ oid: sha(good), parts }) })).status).toBe(200);
        expect((await verify(g, good)).status).toBe(200);
        expect(await getBlobStore().exists(sha(good))).toBe(true);
        expect((await commitLfs(good, "hf-order/model.bin")).status).toBe(200);

        const body = crypto.randomBytes(6 * 1024 * 1024);
        const a = await batch(body, { transfers: ["basic", "multipart"] });
        const h = a.upload.header!;
        const etags: string[] = [];
        for (const [k, part] of [
          ["1", body.subarray(0, 5 * 1024 * 1024)],
          ["2", crypto.randomBytes(1024 * 1024)],
        ] as const) {
          const r = await fetch(h[k], { method: "PUT", body: part });
          expect(r.status).toBe(200);
          etags.push(r.headers.get("etag")!);
        }
        const done = await fetch(a.upload.href, {
          method: "POST",
          body: JSON.stringify({ oid: sha(body), parts: etags.map((etag, i) => ({ partNumber: i + 1, etag })) }),
        });
        expect(done.status).toBe(400);
        expect(await done.text()).toContain("nothing was kept");
        expect(await staged()).toEqual([]);
        expect(await getBlobStore().exists(sha(body))).toBe(false);
      } finally {
        delete process.env.MODELREG_LFS_MULTIPART_CHUNK;
      }
    });
  });
}
