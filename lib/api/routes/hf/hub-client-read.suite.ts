// The REAL @huggingface/hub client (the npm package) against a running instance of the route table:
// modelInfo, listFiles (recursive), fileDownloadInfo, downloadFile (whole and ranged), whoAmI, and refusals.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { HubApiError, downloadFile, fileDownloadInfo, listFiles, modelInfo, snapshotDownload, whoAmI } from "@huggingface/hub";
import { serveRoutesForTest } from "@/lib/api/route-testing";
import { buildHfWorld, makeModel, makeVersionWithFiles, type HfWorld } from "./hf-testing";

/** The suite, on the local blob store or on S3 (each in its own test file: the store is process-wide). */
export function readSuite(store: "local" | "s3"): void {
  let w: HfWorld;
  let srv: { url: string; close(): Promise<void> };
  const weights = crypto.randomBytes(1_500_000);
  const sha = (b: Buffer | string) => crypto.createHash("sha256").update(b).digest("hex");

  beforeAll(async () => {
    w = await buildHfWorld(`hfc`, store);
    srv = await serveRoutesForTest();
    const pub = await makeModel(w, "fraud-detector", { isPublic: true, readme: "---\nlibrary_name: sklearn\n---\n# card" });
    await makeVersionWithFiles(
      w,
      pub,
      "fraud-detector",
      "v1",
      { "config.json": '{"a":1}', "model/weights.bin": weights, "model/__init__.py": "" },
      { stage: "production" },
    );
    await makeVersionWithFiles(w, pub, "fraud-detector", "v2", { "config.json": '{"a":2}' }, { stage: "staging" });
    const priv = await makeModel(w, "secret", { isPublic: false });
    await makeVersionWithFiles(w, priv, "secret", "v1", { "config.json": "{}" });
  }, 120_000);
  afterAll(async () => {
    await srv?.close();
    await w?.close();
  });

  const repo = () => `${w.org}/fraud-detector`;

  describe("@huggingface/hub reads a Modelreg model", () => {
    it("modelInfo: main is the production version", async () => {
      const info = await modelInfo({ name: repo(), hubUrl: srv.url, additionalFields: ["sha", "filePaths", "library_name", "cardData"] });
      expect(info.name).toBe(repo());
      expect(info.private).toBe(false);
      expect(info.gated).toBe(false);
      expect(info.sha).toMatch(/^[0-9a-f]{40}$/);
      expect(info.library_name).toBe("sklearn");
      expect(info.cardData).toMatchObject({ library_name: "sklearn" });
      expect(info.filePaths.sort()).toEqual(["config.json", "model/__init__.py", "model/weights.bin"]);
      expect(info.updatedAt).toBeInstanceOf(Date);
      const staging = await modelInfo({ name: repo(), hubUrl: srv.url, revision: "staging", additionalFields: ["filePaths"] });
      expect(staging.filePaths).toEqual(["config.json"]);
    });

    it("listFiles (recursive) lists every file with its LFS sha256", async () => {
      const entries = [];
      for await (const e of listFiles({ repo: repo(), hubUrl: srv.url, recursive: true })) entries.push(e);
      expect(entries.filter((e) => e.type === "file").map((e) => e.path)).toEqual(["config.json", "model/__init__.py", "model/weights.bin"]);
      expect(entries.find((e) => e.path === "model/weights.bin")).toMatchObject({ size: weights.length, lfs: { oid: sha(weights) } });
      const top = [];
      for await (const e of listFiles({ repo: repo(), hubUrl: srv.url })) top.push(e.path);
      expect(top).toEqual(["config.json", "model"]);
    });

    it("fileDownloadInfo gives size and etag; downloadFile gives the bytes, whole and ranged", async () => {
      const info = await fileDownloadInfo({ repo: repo(), path: "model/weights.bin", hubUrl: srv.url, revision: "v1" });
      // Through S3's redirect the client reads the GET's headers from the store, whose ETag is its own (as behind
      // the Hub's CDN); the 302's own headers are checked below.
      expect(info).toMatchObject({ size: weights.length, ...(store === "local" ? { etag: `"${sha(weights)}"` } : {}) });
      const blob = await downloadFile({ repo: repo(), path: "model/weights.bin", hubUrl: srv.url, revision: "v1" });
      expect(blob).not.toBeNull();
      const whole = Buffer.from(await blob!.arrayBuffer());
      expect(sha(whole)).toBe(sha(weights));
      const part = Buffer.from(await blob!.slice(1000, 1100).arrayBuffer());
      expect(part.equals(weights.subarray(1000, 1100))).toBe(true);
      const cfg = await downloadFile({ repo: repo(), path: "config.json", hubUrl: srv.url });
      expect(await cfg!.text()).toBe('{"a":1}');
      expect(await fileDownloadInfo({ repo: repo(), path: "nope.bin", hubUrl: srv.url })).toBeNull();
      const empty = await downloadFile({ repo: repo(), path: "model/__init__.py", hubUrl: srv.url });
      expect(empty!.size).toBe(0);
      expect(await empty!.text()).toBe("");
    });

    it(
      store === "s3" ? "resolve on S3: a 302 to a presigned GET that carries the Hub's headers itself" : "resolve on local disk: the app streams (no redirect)",
      async () => {
        const url = `${srv.url}/${repo()}/resolve/v1/model/weights.bin`;
        const head = await fetch(url, { method: "HEAD", redirect: "manual", headers: { "accept-encoding": "identity" } });
        if (store === "local") {
          expect(head.status).toBe(200);
          expect(head.headers.get("location")).toBeNull();
          return;
        }
        expect(head.status).toBe(302);
        const location = head.headers.get("location")!;
        expect(location.startsWith(process.env.S3_ENDPOINT!)).toBe(true);
        const loc = new URL(location);
        expect(loc.searchParams.get("X-Amz-Expires")).toBe("300");
        expect(loc.searchParams.get("response-content-disposition")).toMatch(/^attachment; filename="weights.bin"/);
        expect(head.headers.get("x-linked-etag")).toBe(`"${sha(weights)}"`);
        expect(head.headers.get("etag")).toBe(`"${sha(weights)}"`);
        expect(head.headers.get("x-linked-size")).toBe(String(weights.length));
        expect(head.headers.get("x-repo-commit")).toMatch(/^[0-9a-f]{40}$/);
        expect(head.headers.get("cache-control")).toContain("no-store");
        // The Location answers the bytes by itself (no token), whole and ranged, as an attachment.
        const whole = await fetch(location);
        expect(whole.status).toBe(200);
        expect(whole.headers.get("content-disposition")).toMatch(/^attachment/);
        expect(sha(Buffer.from(await whole.arrayBuffer()))).toBe(sha(weights));
        const ranged = await fetch(location, { headers: { range: "bytes=100-199" } });
        expect(ranged.status).toBe(206);
        expect(Buffer.from(await ranged.arrayBuffer()).equals(weights.subarray(100, 200))).toBe(true);
        // A ranged GET through resolve follows the redirect with its Range (as @huggingface/hub's blobs do).
        const viaApp = await fetch(url, { headers: { range: "bytes=1000-1099" } });
        expect(viaApp.status).toBe(206);
        expect(Buffer.from(await viaApp.arrayBuffer()).equals(weights.subarray(1000, 1100))).toBe(true);
        // Empty files and If-None-Match are answered by the app; a private model never redirects an outsider.
        expect((await fetch(`${srv.url}/${repo()}/resolve/v1/model/__init__.py`, { redirect: "manual" })).status).toBe(200);
        expect((await fetch(url, { redirect: "manual", headers: { "if-none-match": `"${sha(weights)}"` } })).status).toBe(304);
        const hidden = await fetch(`${srv.url}/${w.org}/secret/resolve/v1/config.json`, {
          redirect: "manual",
          headers: { authorization: `Bearer ${w.hfTokens.outsider}` },
        });
        expect(hidden.status).toBe(404);
        expect(hidden.headers.get("location")).toBeNull();
        // MODELREG_S3_DOWNLOAD_REDIRECT=0: the bytes stream through the app again.
        process.env.MODELREG_S3_DOWNLOAD_REDIRECT = "0";
        try {
          const streamed = await fetch(url, { redirect: "manual" });
          expect(streamed.status).toBe(200);
          expect(sha(Buffer.from(await streamed.arrayBuffer()))).toBe(sha(weights));
        } finally {
          delete process.env.MODELREG_S3_DOWNLOAD_REDIRECT;
        }
      },
    );

    it("snapshotDownload fills a Hugging Face cache folder with the revision's files", async () => {
      const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "modelreg-hf-cache-"));
      try {
        const dir = await snapshotDownload({ repo: repo(), hubUrl: srv.url, cacheDir, revision: "production" });
        expect(fs.readFileSync(path.join(dir, "config.json"), "utf8")).toBe('{"a":1}');
        expect(sha(fs.readFileSync(path.join(dir, "model", "weights.bin")))).toBe(sha(weights));
        expect(fs.readFileSync(path.join(dir, "model", "__init__.py"), "utf8")).toBe("");
      } finally {
        fs.rmSync(cacheDir, { recursive: true, force: true });
      }
    });

    it("whoAmI with the hf_ form of a Modelreg token", async () => {
      const me = await whoAmI({ accessToken: w.hfTokens.viewer, hubUrl: srv.url });
      expect(me).toMatchObject({ type: "user", name: "hfc-viewer" });
      expect((me as { orgs: { name: string }[] }).orgs.map((o) => o.name)).toContain(w.org);
      await expect(whoAmI({ accessToken: "hf_mr_revoked-or-made-up", hubUrl: srv.url })).rejects.toMatchObject({ statusCode: 401 });
    });

    it("a private model: signed out → 401, outsider → 404 (RepoNotFound), a member of the org reads it", async () => {
      const name = `${w.org}/secret`;
      const anon = await modelInfo({ name, hubUrl: srv.url }).catch((e: unknown) => e);
      expect(anon).toBeInstanceOf(HubApiError);
      expect((anon as HubApiError).statusCode).toBe(401);
      const out = await modelInfo({ name, hubUrl: srv.url, accessToken: w.hfTokens.outsider }).catch((e: unknown) => e);
      expect((out as HubApiError).statusCode).toBe(404);
      const dl = await downloadFile({ repo: name, path: "config.json", hubUrl: srv.url, accessToken: w.hfTokens.outsider }).catch((e: unknown) => e);
      expect((dl as HubApiError).statusCode).toBe(404);
      const files = await (async () => {
        const got = [];
        for await (const e of listFiles({ repo: name, hubUrl: srv.url })) got.push(e);
        return got;
      })().catch((e: unknown) => e);
      expect((files as HubApiError).statusCode).toBe(401);
      const ok = await downloadFile({ repo: name, path: "config.json", hubUrl: srv.url, accessToken: w.hfTokens.viewer });
      expect(await ok!.text()).toBe("{}");
    });
  });
}
