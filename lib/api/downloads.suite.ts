// Download counting through every surface, on the real database and on a blob store (local folder, or S3 where
// resolve answers a 302 to the store): the REST files route, Hugging Face resolve/raw and MLflow's artifact proxy
// each bump today's counter of the version by one; HEAD, 304, a resumed range and a size probe do not; the counts
// come back through the downloads API with the version's read permission (404 for a private model to outsiders).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { versionDownloads } from "@/db/schema";
import { callPath } from "@/lib/api/route-testing";
import { buildHfWorld, makeModel, makeVersionWithFiles, type HfWorld } from "@/lib/api/routes/hf/hf-testing";
import { modelDownloadStats, recordDownload, settleDownloadCounts } from "@/lib/registry/downloads";
import { anonymous } from "@/lib/registry/actor";
import { transferVersion } from "@/lib/registry/version-transfer";

export function downloadsSuite(store: "local" | "s3"): void {
  let w: HfWorld;
  let pub: number;
  let v1: number;
  let v2: number;
  let secretV1: number;
  const weights = Buffer.alloc(4096, 7);

  beforeAll(async () => {
    w = await buildHfWorld(store === "s3" ? "dls3" : "dl", store);
    pub = await makeModel(w, "counted", { isPublic: true });
    v1 = await makeVersionWithFiles(w, pub, "counted", "v1", { "config.json": '{"a":1}', "weights.bin": weights, "empty.txt": "" });
    v2 = await makeVersionWithFiles(w, pub, "counted", "v2", { "config.json": '{"a":2}' });
    const priv = await makeModel(w, "secret", { isPublic: false });
    secretV1 = await makeVersionWithFiles(w, priv, "secret", "v1", { "config.json": "{}" });
  }, 120_000);
  afterAll(async () => w?.close());

  /** Today's counter of a version (0 when no row). */
  async function today(versionId: number): Promise<number> {
    await settleDownloadCounts();
    const [row] = await w.t.db
      .select({ n: versionDownloads.count })
      .from(versionDownloads)
      .where(and(eq(versionDownloads.versionId, versionId), eq(versionDownloads.day, sql`(now() at time zone 'utc')::date`)));
    return Number(row?.n ?? 0);
  }

  /** Calls `path` and checks that it changed the version's counter by `delta`. */
  async function expectCounted(versionId: number, delta: number, opts: Parameters<typeof callPath>[0], status?: number) {
    const before = await today(versionId);
    const res = await callPath(opts);
    if (status !== undefined) expect(res.status, `${opts.method ?? "GET"} ${opts.path}`).toBe(status);
    expect(await today(versionId), `${opts.method ?? "GET"} ${opts.path} ${JSON.stringify(opts.headers ?? {})}`).toBe(before + delta);
    return res;
  }

  const rest = (version: string, file: string, model = "counted") => `/api/v1/${w.org}/${model}/versions/model/${version}/files/${file}`;
  const resolve = (rev: string, file: string, kind = "resolve") => `/${w.org}/counted/${kind}/${rev}/${file}`;
  const mlflow = (version: string, file: string) => `/api/2.0/mlflow-artifacts/artifacts/modelreg/${w.org}/counted/${version}/${file}`;
  // On S3, resolve answers a 302 to the store; locally it streams.
  const resolved = store === "s3" ? 302 : 200;

  describe(`counting downloads (${store} store)`, () => {
    it("the REST files route counts a GET, from byte 0 or whole; not HEAD, 304, a resume or a size probe", async () => {
      await expectCounted(v1, 1, { path: rest("v1", "weights.bin") }, 200);
      await expectCounted(v1, 1, { path: rest("v1", "weights.bin"), headers: { range: "bytes=0-1023" } }, 206);
      await expectCounted(v1, 0, { path: rest("v1", "weights.bin"), headers: { range: "bytes=1024-" } }, 206);
      await expectCounted(v1, 0, { path: rest("v1", "weights.bin"), headers: { range: "bytes=-100" } }, 206);
      await expectCounted(v1, 0, { path: rest("v1", "weights.bin"), headers: { range: "bytes=0-0" } }, 206);
      await expectCounted(v1, 0, { method: "HEAD", path: rest("v1", "weights.bin") }, 200);
      const etag = (await callPath({ method: "HEAD", path: rest("v1", "weights.bin") })).headers.get("etag") ?? "";
      await expectCounted(v1, 0, { path: rest("v1", "weights.bin"), headers: { "if-none-match": etag } }, 304);
      await expectCounted(v1, 0, { path: rest("v1", "nothing.bin") }, 404);
      await expectCounted(v1, 1, { path: rest("v1", "empty.txt") }, 200);
      // An image shown in the page (the preview's <img>) is not a download.
      await expectCounted(v1, 0, { path: rest("v1", "config.json"), headers: { "sec-fetch-dest": "image" } }, 200);
    });

    it("Hugging Face resolve and raw count a GET (a stream, or on S3 the redirect); HEAD and a resumed range do not", async () => {
      await expectCounted(v1, 1, { path: resolve("v1", "weights.bin") }, resolved);
      await expectCounted(v1, 1, { path: resolve("v1", "config.json", "raw") }, resolved);
      await expectCounted(v1, 0, { method: "HEAD", path: resolve("v1", "weights.bin") }, resolved);
      await expectCounted(v1, 0, { path: resolve("v1", "weights.bin"), headers: { range: "bytes=2048-" } }, store === "s3" ? 302 : 206);
      await expectCounted(v1, 1, { path: resolve("v1", "weights.bin"), headers: { range: "bytes=0-" } }, store === "s3" ? 302 : 206);
      // A revision resolves to its version: v2 counts, v1 does not.
      await expectCounted(v2, 1, { path: resolve("v2", "config.json") }, resolved);
    });

    it("MLflow's artifact download counts a GET, not a HEAD", async () => {
      await expectCounted(v1, 1, { path: mlflow("v1", "config.json") }, 200);
      await expectCounted(v1, 0, { method: "HEAD", path: mlflow("v1", "config.json") }, 200);
    });

    it("a refused download counts nothing: the outsider's 404 on a private model", async () => {
      await expectCounted(secretV1, 0, { path: rest("v1", "config.json", "secret"), token: w.tokens.outsider }, 404);
      await expectCounted(secretV1, 1, { path: rest("v1", "config.json", "secret"), token: w.tokens.viewer }, 200);
    });

    it("concurrent downloads all count (one upsert each, no lost update)", async () => {
      const before = await today(v2);
      await Promise.all(Array.from({ length: 20 }, () => callPath({ path: rest("v2", "config.json") })));
      expect(await today(v2)).toBe(before + 20);
    });
  });

  describe("the downloads API", () => {
    it("a version's and a model's total, last 30 days and per day, older days included in the total only", async () => {
      // A download 40 days ago: in the total, not in the last 30 days.
      await w.t.db.insert(versionDownloads).values({ versionId: v1, projectId: pub, day: sql`(now() at time zone 'utc')::date - 40`, count: 5 });
      await recordDownload(w.t.db, { versionId: v1, projectId: pub }, 0);
      const todayV1 = await today(v1);
      const todayV2 = await today(v2);
      const res = await callPath({ path: `/api/v1/${w.org}/counted/versions/model/v1/downloads` });
      expect(res.status).toBe(200);
      const body = res.json as { version: string; total: number; last_30_days: number; daily: { day: string; count: number }[] };
      expect(body.version).toBe("v1");
      expect(body.total).toBe(todayV1 + 5);
      expect(body.last_30_days).toBe(todayV1);
      expect(body.daily).toHaveLength(30);
      expect(body.daily.at(-1)).toEqual({ day: new Date().toISOString().slice(0, 10), count: todayV1 });
      const model = await callPath({ path: `/api/v1/${w.org}/counted/downloads` });
      expect(model.status).toBe(200);
      expect(model.json).toMatchObject({ total: todayV1 + todayV2 + 5, last_30_days: todayV1 + todayV2 });
    });

    it("reading counts needs reading the model: a private model's are a 404 to outsiders and signed-out callers", async () => {
      for (const path of [`/api/v1/${w.org}/secret/downloads`, `/api/v1/${w.org}/secret/versions/model/v1/downloads`]) {
        expect((await callPath({ path })).status).toBe(404);
        expect((await callPath({ path, token: w.tokens.outsider })).status).toBe(404);
        const ok = await callPath({ path, token: w.tokens.viewer });
        expect(ok.status).toBe(200);
        expect((ok.json as { total: number }).total).toBe(1);
      }
      expect((await callPath({ path: `/api/v1/${w.org}/counted/versions/model/v9/downloads` })).status).toBe(404);
    });

    it("a transferred version takes its downloads to the model it moves to", async () => {
      const before = await modelDownloadStats(w.t.db, anonymous, { owner: w.org, project: "counted" });
      const moved = await today(v2);
      expect(moved).toBeGreaterThan(0);
      await makeModel(w, "elsewhere", { isPublic: true });
      await transferVersion(w.t.db, w.users.owner, w.org, "counted", "model", "v2", { project: "elsewhere" });
      const after = await modelDownloadStats(w.t.db, anonymous, { owner: w.org, project: "counted" });
      expect(after.total).toBe(before.total - moved);
      expect((await modelDownloadStats(w.t.db, anonymous, { owner: w.org, project: "elsewhere" })).total).toBe(moved);
    });
  });
}
