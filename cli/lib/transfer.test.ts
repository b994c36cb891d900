// push/pull against the app's real route table, served over real HTTP on loopback, and against a lying server
// for the verification path.
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFilesWorld, makeVersion, type FilesWorld } from "@/lib/registry/files.testing";
import { routeListener } from "@/lib/api/node-server";
import { router } from "@/lib/api/routes";
import { startS3TestServer, type S3TestServer } from "@/lib/storage/s3-test-server";
import { Client } from "./client";
import { CliError } from "./errors";
import { localPathFor, pullDir, pushDir, type TransferEvent } from "./transfer";

/** The app's own route table on node:http, as the production server serves it (server/main.ts). */
function serveFilesApi(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(routeListener(router));
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    }),
  );
}

let fw: FilesWorld;
let api: { url: string; close: () => Promise<void> };
let tmp: string;
beforeAll(async () => {
  fw = await buildFilesWorld("tr");
  api = await serveFilesApi();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "modelreg-transfer-"));
});
afterAll(async () => {
  await api.close();
  await fw.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const write = (file: string, data: Buffer | string) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
};
const target = (dir: string, as: "member" | "viewer" = "member") => ({
  client: new Client(api.url, fw.tokens[as]),
  owner: fw.w.org,
  project: "granted",
  version: "v1",
  dir,
});

describe("pushDir and pullDir", () => {
  const src = () => path.join(tmp, "src");
  const files: Record<string, Buffer> = {
    "model.safetensors": crypto.randomBytes(3 * 1024 * 1024 + 7),
    "config.json": Buffer.from('{"layers": 12}'),
    "tokenizer/vocab.txt": Buffer.from("a\nb\nc\n"),
    "tokenizer/merges/deep file.txt": Buffer.from("deep"),
    "empty.bin": Buffer.alloc(0),
  };

  beforeAll(() => {
    for (const [p, b] of Object.entries(files)) write(path.join(src(), p), b);
  });

  it("pushes every file, streaming, with progress", async () => {
    const events: TransferEvent[] = [];
    const r = await pushDir({ ...target(src()), onProgress: (e) => events.push(e) });
    expect(r.transferred.sort()).toEqual(Object.keys(files).sort());
    expect(r.skipped).toEqual([]);
    expect(events[0]).toMatchObject({ type: "start", files: 5 });
    const big = events.filter((e) => e.type === "progress" && e.path === "model.safetensors");
    expect(big.length).toBeGreaterThan(1);
    expect(big.at(-1)).toMatchObject({ loaded: files["model.safetensors"].length });
  });

  it("a second push skips every unchanged file; a changed one goes again", async () => {
    expect((await pushDir(target(src()))).transferred).toEqual([]);
    write(path.join(src(), "config.json"), '{"layers": 24}');
    const r = await pushDir(target(src()));
    expect(r.transferred).toEqual(["config.json"]);
    expect(r.skipped).toHaveLength(4);
  });

  it("pulls every file, verified, into place", async () => {
    const dest = path.join(tmp, "dest");
    const r = await pullDir(target(dest, "viewer"));
    expect(r.transferred).toHaveLength(5);
    expect(fs.readFileSync(path.join(dest, "model.safetensors")).equals(files["model.safetensors"])).toBe(true);
    expect(fs.readFileSync(path.join(dest, "tokenizer/merges/deep file.txt"), "utf8")).toBe("deep");
    expect(fs.readFileSync(path.join(dest, "config.json"), "utf8")).toBe('{"layers": 24}');
    expect(fs.statSync(path.join(dest, "empty.bin")).size).toBe(0);
    expect(fs.readdirSync(dest).filter((f) => f.endsWith(".part"))).toEqual([]);
  });

  it("a second pull skips what matches and repairs what does not", async () => {
    const dest = path.join(tmp, "dest");
    write(path.join(dest, "tokenizer/vocab.txt"), "tampered");
    const r = await pullDir(target(dest, "viewer"));
    expect(r.transferred).toEqual(["tokenizer/vocab.txt"]);
    expect(r.skipped).toHaveLength(4);
    expect(fs.readFileSync(path.join(dest, "tokenizer/vocab.txt"), "utf8")).toBe("a\nb\nc\n");
  });

  it("a viewer may pull but not push: the server's refusal surfaces as one line", async () => {
    write(path.join(tmp, "viewer-src/x.txt"), "x");
    const err = await pushDir(target(path.join(tmp, "viewer-src"), "viewer")).catch((e) => e);
    expect(err).toBeInstanceOf(CliError);
    expect(err.message).toMatch(/member access.*\[403 forbidden\]/);
  });

  it("pushing a folder that does not exist is a clear error", async () => {
    await expect(pushDir(target(path.join(tmp, "nope")))).rejects.toThrow(/is not a folder/);
  });
});

describe("pullDir against a server that lies", () => {
  it("refuses bytes that do not match the listed sha256 and writes nothing", async () => {
    const good = Buffer.from("the real weights");
    const server = http.createServer((req, res) => {
      if (req.url?.includes("/files?") || req.url?.endsWith("/files")) {
        res.writeHead(200, { "content-type": "application/json" });
        const sha256 = crypto.createHash("sha256").update(good).digest("hex");
        res.end(JSON.stringify({ count: 1, results: [{ path: "w.bin", size: good.length, sha256, content_type: "x/y", created_at: "" }] }));
      } else {
        res.writeHead(200);
        res.end("evil weights!!!!");
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const { port } = server.address() as { port: number };
    const dest = path.join(tmp, "lied");
    try {
      const err = await pullDir({ client: new Client(`http://127.0.0.1:${port}`), owner: "o", project: "p", version: "v", dir: dest }).catch((e) => e);
      expect(err).toBeInstanceOf(CliError);
      expect(err.message).toMatch(/w\.bin: downloaded bytes have sha256/);
      expect(fs.readdirSync(dest)).toEqual([]);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it("refuses a listed path that would land outside the folder", () => {
    for (const bad of ["../x", "a/../../x", "/etc/passwd", "a//b", "a\\..\\b", ""]) {
      expect(() => localPathFor("/tmp/dest", bad)).toThrow(CliError);
    }
    expect(localPathFor("/tmp/dest", "a/b.bin")).toBe(path.resolve("/tmp/dest/a/b.bin"));
  });
});

describe("pushDir to an S3 store", () => {
  let s3: S3TestServer;
  let counted: { url: string; close: () => Promise<void> };
  const appPuts: string[] = [];
  const appGets: string[] = [];
  const saved: Record<string, string | undefined> = {};
  const env = {
    STORAGE_URL: "s3://modelreg-cli/blobs",
    S3_FORCE_PATH_STYLE: "true",
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
    AWS_REGION: "us-east-1",
  };

  beforeAll(async () => {
    s3 = await startS3TestServer("modelreg-cli");
    for (const [k, v] of Object.entries({ ...env, S3_ENDPOINT: s3.endpoint })) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    // The app's route table again, counting the PUTs it receives.
    const listener = routeListener(router);
    const server = http.createServer((req, res) => {
      if (req.method === "PUT") appPuts.push(req.url ?? "");
      if (req.method === "GET" && /\/files\/./.test(req.url ?? "")) appGets.push(req.url ?? "");
      return listener(req, res);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const { port } = server.address() as { port: number };
    counted = {
      url: `http://127.0.0.1:${port}`,
      close: () =>
        new Promise((r) => {
          server.closeAllConnections();
          server.close(() => r());
        }),
    };
  }, 60_000);
  afterAll(async () => {
    await counted?.close();
    await s3?.close();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it("sends the bytes straight to the bucket and back, verified; the app carries none", async () => {
    const dir = path.join(tmp, "s3-src");
    const big = crypto.randomBytes(2 * 1024 * 1024 + 3);
    write(path.join(dir, "s3/weights.bin"), big);
    write(path.join(dir, "s3/card.md"), "# card");
    const client = new Client(counted.url, fw.tokens.member);
    await makeVersion(fw.t.db, fw.w.projectIds.granted, "on-s3");
    const t = { client, owner: fw.w.org, project: "granted", version: "on-s3", dir };
    const r = await pushDir(t);
    expect(r.transferred.sort()).toEqual(["s3/card.md", "s3/weights.bin"]);
    expect(appPuts).toEqual([]);
    const sha = crypto.createHash("sha256").update(big).digest("hex");
    expect(await s3.store("blobs").exists(sha)).toBe(true);
    // Pulled back straight from the bucket too: the app answers each file with a redirect, byte for byte.
    const dest = path.join(tmp, "s3-dest");
    await pullDir({ ...t, dir: dest, client: new Client(counted.url, fw.tokens.viewer) });
    expect(fs.readFileSync(path.join(dest, "s3/weights.bin")).equals(big)).toBe(true);
    expect(fs.readFileSync(path.join(dest, "s3/card.md"), "utf8")).toBe("# card");
    expect(appGets).toHaveLength(2);
    for (const u of [...appGets]) {
      const res = await fetch(counted.url + u, { redirect: "manual", headers: { authorization: `Bearer ${fw.tokens.viewer}` } });
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toContain(s3.endpoint.replace(/\/$/, ""));
    }
    // Again: nothing to send.
    expect((await pushDir(t)).transferred).toEqual([]);
  });
});
