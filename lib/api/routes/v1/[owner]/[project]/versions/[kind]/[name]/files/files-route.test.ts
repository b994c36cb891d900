// The files API through its route handlers, in-process, on the test database: the permission
// matrix, the MLflow traversal tricks, HTTP semantics (ranges, ETag, HEAD) and broken uploads.
import crypto from "node:crypto";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTOR_NAMES, PROJECT_NAMES, expectedOutcome, type ActorName, type ProjectName } from "@/lib/testing/access-world";
import { buildFilesWorld, listTree, sha256, type FilesWorld } from "@/lib/registry/files.testing";
import * as fileRoute from "./[...path]/route";
import * as listRoute from "./route";

let fw: FilesWorld;
beforeAll(async () => {
  fw = await buildFilesWorld("fa");
});
afterAll(async () => fw.close());

type Opts = { as?: ActorName; body?: BodyInit | ReadableStream<Uint8Array>; headers?: Record<string, string> };

/**
 * Calls a route handler the way Next does: `rawPath` is the path after /api/v1/ exactly as sent on
 * the wire; the params are its segments, each decoded once.
 */
async function call(method: string, rawPath: string, opts: Opts = {}): Promise<Response> {
  const headers = new Headers(opts.headers);
  if (opts.as && opts.as !== "anonymous") headers.set("authorization", `Bearer ${fw.tokens[opts.as]}`);
  const req = new Request(`http://localhost/api/v1/${rawPath}`, {
    method,
    headers,
    body: opts.body,
    ...(opts.body ? { duplex: "half" } : {}),
  } as RequestInit);
  const segs = rawPath
    .split(/[?#]/, 1)[0]
    .split("/")
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  const [owner, project, , kind, name, filesSeg, ...path] = segs;
  if (filesSeg !== "files") throw new Error(`not a files URL: ${rawPath}`);
  const ctx = { params: Promise.resolve(path.length ? { owner, project, kind, name, path } : { owner, project, kind, name }) };
  if (!path.length) return (listRoute as unknown as Record<string, (r: Request, c: typeof ctx) => Promise<Response>>)[method](req, ctx);
  return (fileRoute as unknown as Record<string, (r: Request, c: typeof ctx) => Promise<Response>>)[method](req, ctx);
}

const base = (project: ProjectName = "public", version = "v1") => `${fw.w.org}/${project}/versions/model/${version}/files`;

async function put(project: ProjectName, path: string, body: Buffer | string, as: ActorName = "owner", headers: Record<string, string> = {}) {
  // Bytes, not a string: a string body would make Request add `text/plain` by itself.
  return call("PUT", `${base(project)}/${path}`, { as, body: new Uint8Array(Buffer.from(body)), headers });
}

describe("permission matrix (DESIGN §4) over the access world", () => {
  const cases = ACTOR_NAMES.flatMap((a) => PROJECT_NAMES.map((p) => [a, p] as const));
  const expected = expectedOutcome;
  const check = (res: Response, want: number | "ok", okStatus: number) => expect(res.status).toBe(want === "ok" ? okStatus : want);

  beforeAll(async () => {
    for (const p of PROJECT_NAMES) expect((await put(p, "shared/readme.txt", `readme of ${p}`)).status).toBe(201);
  });

  it.each(cases)("list: %s on %s", async (a, p) => {
    const res = await call("GET", base(p), { as: a });
    check(res, expected(a, p, "project.read"), 200);
    if (res.status === 200) expect((await res.json()).results.some((f: { path: string }) => f.path === "shared/readme.txt")).toBe(true);
  });

  it.each(cases)("download: %s on %s", async (a, p) => {
    const res = await call("GET", `${base(p)}/shared/readme.txt`, { as: a });
    check(res, expected(a, p, "project.read"), 200);
    if (res.status === 200) expect(await res.text()).toBe(`readme of ${p}`);
  });

  it.each(cases)("upload: %s on %s", async (a, p) => {
    const res = await put(p, `by/${a}.txt`, `from ${a}`, a);
    check(res, expected(a, p, "file.upload"), 201);
    const listed = await call("GET", `${base(p)}/by/${a}.txt`, { as: "owner" });
    expect(listed.status).toBe(res.status === 201 ? 200 : 404);
  });

  it.each(cases)("delete: %s on %s", async (a, p) => {
    expect((await put(p, `del/${a}.txt`, `doomed ${a} ${p}`)).status).toBe(201);
    const res = await call("DELETE", `${base(p)}/del/${a}.txt`, { as: a });
    check(res, expected(a, p, "file.delete"), 204);
    const after = await call("GET", `${base(p)}/del/${a}.txt`, { as: "owner" });
    expect(after.status).toBe(res.status === 204 ? 404 : 200);
  });

  it("a private model's error says nothing about it to outsiders", async () => {
    const res = await call("GET", `${base("private")}/shared/readme.txt`, { as: "outsider" });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain("readme of private");
  });
});

describe("path traversal: every MLflow trick is a 400 and touches nothing outside the store", () => {
  const tricks = [
    "../secret.txt",
    "../../../secret.txt",
    "weights/../../secret.txt",
    "..%2fsecret.txt",
    "..%2F..%2Fsecret.txt",
    "%2e%2e/secret.txt",
    "%2E%2E/%2e%2e/secret.txt",
    ".%2e/secret.txt",
    "%252e%252e/secret.txt",
    "%252e%252e%252fsecret.txt",
    "..%5csecret.txt",
    "..\\..\\secret.txt",
    "%2fetc/passwd",
    "/etc/passwd",
    "//proc/self/root/etc/passwd",
    "model.bin%23/../../secret.txt",
    "model.bin%3F/../../secret.txt",
    "..?/secret.txt",
    "model%00.bin",
    "a/./b.bin",
    "a//b.bin",
    "x".repeat(256),
    Array.from({ length: 120 }, () => "abcdefghi").join("/"),
  ];
  let before: string[];
  let sentinel: string;
  beforeAll(() => {
    before = listTree(fw.sandbox);
    sentinel = fs.readFileSync(fw.sentinel, "utf8");
  });

  it.each(tricks)("PUT %s", async (trick) => {
    const res = await put("public", trick, "pwned", "owner");
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("invalid");
    expect(body.error.details.path[0]).toMatch(/must|is /);
  });

  it.each(tricks)("GET %s", async (trick) => {
    const res = await call("GET", `${base("public")}/${trick}`, { as: "owner" });
    expect(res.status).toBe(400);
    expect(await res.text()).not.toContain(sentinel);
  });

  it.each(tricks)("DELETE %s", async (trick) => {
    expect((await call("DELETE", `${base("public")}/${trick}`, { as: "owner" })).status).toBe(400);
  });

  it("left the filesystem outside the store as it was", () => {
    expect(fs.readFileSync(fw.sentinel, "utf8")).toBe(sentinel);
    const outside = (files: string[]) => files.filter((f) => !f.startsWith("data/"));
    expect(outside(listTree(fw.sandbox))).toEqual(outside(before));
    expect(listTree(fw.sandbox).filter((f) => f.includes("pwned") || f.endsWith("passwd"))).toEqual([]);
  });

  it("the message names the rule", async () => {
    const res = await put("public", "a%2fb", "x");
    expect((await res.json()).error.details.path).toEqual(["must not contain percent-encoded '/', '\\', '.' or '%'"]);
    const res2 = await put("public", "..%2fb", "x");
    expect((await res2.json()).error.message).toMatch(/^path: /);
  });

  it("ordinary escapes are fine", async () => {
    expect((await put("public", "my%20model/w%C3%A9ights.bin", "ok")).status).toBe(201);
    const res = await call("GET", `${base("public")}/my%20model/w%C3%A9ights.bin`, { as: "anonymous" });
    expect(await res.text()).toBe("ok");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="w_ights.bin"; filename*=UTF-8''w%C3%A9ights.bin`);
  });
});

describe("downloads: headers, ranges, ETag", () => {
  const body = crypto.randomBytes(10_000);
  const file = `${"http"}/model.html`;
  beforeAll(async () => {
    expect((await put("public", file, body, "owner", { "content-type": "text/html" })).status).toBe(201);
  });
  const get = (headers: Record<string, string> = {}, method = "GET") => call(method, `${base("public")}/${file}`, { as: "anonymous", headers });

  it("streams the whole file with safe headers", async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(body)).toBe(true);
    expect(res.headers.get("etag")).toBe(`"${sha256(body)}"`);
    expect(res.headers.get("content-length")).toBe(String(body.length));
    expect(res.headers.get("content-type")).toBe("text/html");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="model.html"/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toContain("sandbox");
    expect(res.headers.get("accept-ranges")).toBe("bytes");
  });

  it("HEAD answers the same headers without a body", async () => {
    const res = await get({}, "HEAD");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe(String(body.length));
    expect(res.headers.get("etag")).toBe(`"${sha256(body)}"`);
    expect(res.body).toBeNull();
  });

  it.each([
    ["bytes=0-9", 0, 9],
    ["bytes=9990-", 9990, 9999],
    ["bytes=-5", 9995, 9999],
    ["bytes=100-999999", 100, 9999],
  ])("Range %s → 206", async (range, start, end) => {
    const res = await get({ range });
    expect(res.status).toBe(206);
    expect(res.headers.get("content-range")).toBe(`bytes ${start}-${end}/${body.length}`);
    expect(res.headers.get("content-length")).toBe(String(end - start + 1));
    expect(Buffer.from(await res.arrayBuffer()).equals(body.subarray(start, end + 1))).toBe(true);
  });

  it("an unsatisfiable range is 416 with the size", async () => {
    const res = await get({ range: "bytes=10000-" });
    expect(res.status).toBe(416);
    expect(res.headers.get("content-range")).toBe(`bytes */${body.length}`);
  });

  it("several ranges or a malformed one get the whole file", async () => {
    expect((await get({ range: "bytes=0-1,5-6" })).status).toBe(200);
    expect((await get({ range: "lines=1-2" })).status).toBe(200);
  });

  it("If-None-Match with the ETag is 304; another tag is 200", async () => {
    const res = await get({ "if-none-match": `"${sha256(body)}"` });
    expect(res.status).toBe(304);
    expect(res.headers.get("etag")).toBe(`"${sha256(body)}"`);
    expect((await get({ "if-none-match": `"${"0".repeat(64)}"` })).status).toBe(200);
    expect((await get({ "if-none-match": `W/"x", "${sha256(body)}"` })).status).toBe(304);
  });

  it("If-Range with a stale ETag sends the whole file", async () => {
    const res = await get({ range: "bytes=0-9", "if-range": `"${"0".repeat(64)}"` });
    expect(res.status).toBe(200);
    expect((await get({ range: "bytes=0-9", "if-range": `"${sha256(body)}"` })).status).toBe(206);
  });

  it("an empty file downloads as 0 bytes", async () => {
    expect((await put("public", "empty.txt", Buffer.alloc(0))).status).toBe(201);
    const res = await call("GET", `${base("public")}/empty.txt`, { as: "anonymous" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe("0");
    expect((await res.arrayBuffer()).byteLength).toBe(0);
  });
});

describe("uploads through the API", () => {
  it("201 for a new path, 200 when replacing, and the listing shows the new content", async () => {
    const a = await put("granted", "cfg.json", '{"a":1}', "member");
    expect(a.status).toBe(201);
    expect(await a.json()).toMatchObject({ path: "cfg.json", size: 7, sha256: sha256('{"a":1}'), content_type: "application/json" });
    const b = await put("granted", "cfg.json", '{"a":2}', "member");
    expect(b.status).toBe(200);
    expect((await b.json()).replaced).toBe(true);
    const list = await (await call("GET", `${base("granted")}?limit=100`, { as: "member" })).json();
    expect(list.results.find((f: { path: string }) => f.path === "cfg.json")).toMatchObject({ sha256: sha256('{"a":2}') });
    expect(list).toHaveProperty("count");
    expect(list).toHaveProperty("total_size");
  });

  it("x-checksum-sha256 is verified: a mismatch is 400 and records nothing", async () => {
    const before = listTree(fw.blobRoot);
    const res = await put("granted", "sum.bin", "actual bytes", "member", { "x-checksum-sha256": sha256("other bytes") });
    expect(res.status).toBe(400);
    expect((await res.json()).error.details.sha256[0]).toMatch(/nothing was stored/);
    expect((await call("GET", `${base("granted")}/sum.bin`, { as: "member" })).status).toBe(404);
    expect(listTree(fw.blobRoot)).toEqual(before);
    const ok = await put("granted", "sum.bin", "actual bytes", "member", { "x-checksum-sha256": sha256("actual bytes") });
    expect(ok.status).toBe(201);
    const bad = await put("granted", "sum.bin", "x", "member", { "x-checksum-sha256": "not-a-sum" });
    expect(bad.status).toBe(400);
  });

  it("a Content-Length over MODELREG_MAX_FILE_SIZE is 413 with a clear message", async () => {
    process.env.MODELREG_MAX_FILE_SIZE = "100";
    try {
      const res = await put("granted", "big.bin", crypto.randomBytes(101), "member");
      expect(res.status).toBe(413);
      const body = await res.json();
      expect(body.error.code).toBe("too_large");
      expect(body.error.message).toMatch(/Files are limited to 100 B/);
    } finally {
      delete process.env.MODELREG_MAX_FILE_SIZE;
    }
  });

  // A client that disconnects shows up in a route handler as a request body that errors; the real
  // disconnect over HTTP is in e2e/files.spec.ts.
  it("a request body that breaks mid-stream leaves no row and no blob", async () => {
    const before = listTree(fw.blobRoot);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 3) return controller.error(new Error("socket hang up"));
        sent++;
        controller.enqueue(crypto.randomBytes(64 * 1024));
      },
    });
    const res = await call("PUT", `${base("granted")}/broken.bin`, { as: "member", body: stream });
    expect(res.status).toBe(400);
    expect((await res.json()).error.details.body[0]).toMatch(/interrupted/);
    expect((await call("GET", `${base("granted")}/broken.bin`, { as: "member" })).status).toBe(404);
    expect(listTree(fw.blobRoot)).toEqual(before);
  });

  it("dedup through the API: two paths, one blob", async () => {
    const body = crypto.randomBytes(5000);
    const before = listTree(fw.blobRoot).length;
    expect((await put("granted", "dup/a.bin", body, "member")).status).toBe(201);
    expect((await put("granted", "dup/b.bin", body, "member")).status).toBe(201);
    expect(listTree(fw.blobRoot).length).toBe(before + 1);
  });
});
