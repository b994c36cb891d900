// One contract, two backends: the local folder and S3 (against s3rver, a real S3 HTTP endpoint on loopback).
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { BlobChecksumError, BlobNotFoundError, BlobTooLargeError, blobKey, type BlobSource, type BlobStore } from "./blob-store";
import { LocalBlobStore } from "./local";
import { startS3TestServer, walk, type S3TestServer } from "./s3-test-server";
import { blobStoreFromUrl } from "./index";

const sha = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");

async function* chunks(buf: Buffer, size = 64 * 1024): BlobSource {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

/** A body that sends `before` bytes and then fails, like a client that disconnects mid-upload. */
async function* broken(before: number): BlobSource {
  const chunk = crypto.randomBytes(256 * 1024);
  for (let sent = 0; sent < before; sent += chunk.length) yield chunk;
  throw new Error("client went away");
}

async function readAll(s: AsyncIterable<Buffer | Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

type Backend = {
  name: string;
  setup(): Promise<{ store: BlobStore; everything(): Promise<string[]> | string[]; teardown(): Promise<void> }>;
};

const backends: Backend[] = [
  {
    name: "local folder",
    async setup() {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), "modelreg-blobs-"));
      const store = new LocalBlobStore(root);
      return { store, everything: () => walk(root), teardown: async () => fs.rmSync(root, { recursive: true, force: true }) };
    },
  },
  {
    name: "S3 (s3rver)",
    async setup() {
      const s3: S3TestServer = await startS3TestServer();
      const store = s3.store("models/blobs");
      return { store, everything: () => s3.files(), teardown: () => s3.close() };
    },
  },
];

describe.each(backends)("blob store contract: $name", (backend) => {
  let store: BlobStore;
  let everything: () => Promise<string[]> | string[];
  let teardown: () => Promise<void>;
  beforeAll(async () => {
    ({ store, everything, teardown } = await backend.setup());
  });
  afterAll(async () => teardown());

  it("puts, stats, gets, and deletes a blob by its sha256", async () => {
    const body = crypto.randomBytes(300_000);
    const r = await store.put(chunks(body));
    expect(r).toEqual({ sha256: sha(body), size: body.length, created: true });
    expect(await store.exists(r.sha256)).toBe(true);
    expect(await store.stat(r.sha256)).toEqual({ size: body.length });
    expect((await readAll(await store.get(r.sha256))).equals(body)).toBe(true);
    await store.delete(r.sha256);
    expect(await store.exists(r.sha256)).toBe(false);
    expect(await store.stat(r.sha256)).toBeNull();
    await store.delete(r.sha256); // deleting a missing blob is not an error
  });

  it("keys blobs as ab/cd/<sha256>", async () => {
    const body = Buffer.from("key layout");
    const r = await store.put(chunks(body));
    expect(blobKey(r.sha256)).toBe(`${r.sha256.slice(0, 2)}/${r.sha256.slice(2, 4)}/${r.sha256}`);
    expect((await everything()).some((f) => f.includes(`${r.sha256.slice(0, 2)}/${r.sha256.slice(2, 4)}/`))).toBe(true);
  });

  it("stores the empty body", async () => {
    const r = await store.put(chunks(Buffer.alloc(0)));
    expect(r.sha256).toBe(sha(Buffer.alloc(0)));
    expect(r.size).toBe(0);
    expect((await readAll(await store.get(r.sha256))).length).toBe(0);
  });

  it("serves inclusive byte ranges", async () => {
    const body = crypto.randomBytes(100_000);
    const r = await store.put(chunks(body));
    expect((await readAll(await store.get(r.sha256, { start: 10, end: 19 }))).equals(body.subarray(10, 20))).toBe(true);
    expect((await readAll(await store.get(r.sha256, { start: 99_999, end: 99_999 }))).equals(body.subarray(99_999))).toBe(true);
    expect((await readAll(await store.get(r.sha256, { start: 0, end: 99_999 }))).equals(body)).toBe(true);
  });

  it("stores identical content once", async () => {
    const body = crypto.randomBytes(50_000);
    const before = (await everything()).length;
    const a = await store.put(chunks(body));
    const mid = (await everything()).length;
    const b = await store.put(chunks(body, 7_000));
    expect(a.created).toBe(true);
    expect(b).toEqual({ sha256: a.sha256, size: body.length, created: false });
    expect(mid).toBeGreaterThan(before);
    expect((await everything()).length).toBe(mid);
  });

  it("a multi-part body (over the S3 part size) round-trips", async () => {
    const body = crypto.randomBytes(20 * 1024 * 1024 + 12_345);
    const r = await store.put(chunks(body, 1024 * 1024));
    expect(r.sha256).toBe(sha(body));
    expect((await readAll(await store.get(r.sha256))).equals(body)).toBe(true);
  });

  it("a declared checksum that matches is accepted, also when the blob already exists", async () => {
    const body = crypto.randomBytes(30_000);
    const first = await store.put(chunks(body), { expectedSha256: sha(body) });
    expect(first).toEqual({ sha256: sha(body), size: body.length, created: true });
    const again = await store.put(chunks(body), { expectedSha256: sha(body) });
    expect(again.created).toBe(false);
    expect((await readAll(await store.get(sha(body)))).equals(body)).toBe(true);
  });

  it("a checksum mismatch keeps nothing", async () => {
    const before = await everything();
    const body = crypto.randomBytes(12 * 1024 * 1024); // multi-part on S3
    const wrong = sha(Buffer.from("something else"));
    await expect(store.put(chunks(body), { expectedSha256: wrong })).rejects.toBeInstanceOf(BlobChecksumError);
    expect(await store.exists(sha(body))).toBe(false);
    expect(await store.exists(wrong)).toBe(false);
    expect(await everything()).toEqual(before);
  });

  it("a mismatch against an existing blob neither deletes nor changes it", async () => {
    const body = crypto.randomBytes(1000);
    await store.put(chunks(body));
    await expect(store.put(chunks(Buffer.from("forged")), { expectedSha256: sha(body) })).rejects.toBeInstanceOf(BlobChecksumError);
    expect((await readAll(await store.get(sha(body)))).equals(body)).toBe(true);
  });

  it("stops reading past maxBytes and keeps nothing", async () => {
    const before = await everything();
    let pulled = 0;
    async function* counting(): BlobSource {
      for (let i = 0; i < 100; i++) {
        pulled += 1;
        yield Buffer.alloc(1024 * 1024, i);
      }
    }
    await expect(store.put(counting(), { maxBytes: 3 * 1024 * 1024 + 5 })).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(pulled).toBeLessThanOrEqual(5);
    expect(await everything()).toEqual(before);
  });

  it.each([
    ["before the first part", 100_000],
    ["after several parts", 20 * 1024 * 1024],
  ])("an interrupted put leaves nothing behind (%s)", async (_label, before) => {
    const files = await everything();
    await expect(store.put(broken(before))).rejects.toThrow("client went away");
    expect(await everything()).toEqual(files);
  });

  it("a missing blob is BlobNotFoundError on get", async () => {
    await expect(store.get("0".repeat(64))).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it("refuses keys that are not a sha256", async () => {
    await expect(store.get("../../etc/passwd")).rejects.toThrow(/Not a sha256/);
    await expect(store.put(chunks(Buffer.from("x")), { expectedSha256: "../x" })).rejects.toBeInstanceOf(BlobChecksumError);
  });
});

describe("S3 specifics", () => {
  let s3: S3TestServer;
  beforeAll(async () => {
    s3 = await startS3TestServer("modelreg-prefix");
  });
  afterAll(async () => s3.close());

  it("keeps blobs under the prefix and no temporary object after a put", async () => {
    const store = s3.store("team/blobs");
    const body = Buffer.from("prefix check");
    await store.put(chunks(body));
    const listed = await store.client.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
    expect((listed.Contents ?? []).map((o) => o.Key)).toEqual([store.key(sha(body))]);
    expect(store.key(sha(body)).startsWith("team/blobs/")).toBe(true);
  });

  it("is chosen by STORAGE_URL with S3_ENDPOINT", async () => {
    const store = blobStoreFromUrl("s3://modelreg-prefix/env/blobs", {
      S3_ENDPOINT: s3.endpoint,
      AWS_ACCESS_KEY_ID: "S3RVER",
      AWS_SECRET_ACCESS_KEY: "S3RVER",
    });
    expect(store.url).toBe("s3://modelreg-prefix/env/blobs");
    const prev = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = "S3RVER";
    process.env.AWS_SECRET_ACCESS_KEY = "S3RVER";
    try {
      const r = await store.put(chunks(Buffer.from("via env")));
      expect(await store.exists(r.sha256)).toBe(true);
    } finally {
      process.env.AWS_ACCESS_KEY_ID = prev.id;
      process.env.AWS_SECRET_ACCESS_KEY = prev.secret;
      if (prev.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
      if (prev.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
    }
  });

  it("STORAGE_URL file:// and the default pick the local folder", () => {
    expect(blobStoreFromUrl("file:///srv/blobs").url).toBe("file:///srv/blobs");
    expect(blobStoreFromUrl(undefined).url).toMatch(/^file:\/\/.*\/blobs$/);
    expect(() => blobStoreFromUrl("ftp://x")).toThrow(/file:\/\/ or s3:\/\//);
  });
});
