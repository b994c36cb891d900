// The S3 store's server-side copy from `.tmp/` to the blob's key when the checksum was not declared: a
// single CopyObject up to S3's 5 GiB limit, a multipart UploadPartCopy above it. The limits are lowered
// here so that a small body takes the multipart path against a real S3-compatible endpoint.
import crypto from "node:crypto";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3BlobStore } from "./s3";
import { startS3TestServer, type S3TestServer } from "./s3-test-server";

const MIB = 1024 * 1024;
const sha = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");
async function* chunks(b: Buffer, size = 256 * 1024) {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

describe("S3 copy into place", () => {
  let s3: S3TestServer;
  const storeWith = (copy?: { singleLimit: number; partSize: number }) =>
    new S3BlobStore({
      bucket: s3.bucket,
      prefix: "blobs",
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
      copy,
    });
  const keys = async (store: S3BlobStore) =>
    ((await store.client.send(new ListObjectsV2Command({ Bucket: s3.bucket }))).Contents ?? []).map((o) => o.Key).sort();
  beforeAll(async () => {
    s3 = await startS3TestServer("modelreg-copy");
  });
  afterAll(async () => s3.close());

  it("above the single-copy limit, copies in parts and the blob reads back byte for byte", async () => {
    const store = storeWith({ singleLimit: 1 * MIB, partSize: 1 * MIB });
    const body = crypto.randomBytes(3 * MIB + 12345); // four parts, the last one short
    const r = await store.put(chunks(body));
    expect(r).toMatchObject({ sha256: sha(body), size: body.length, created: true });
    const back: Buffer[] = [];
    for await (const c of await store.get(r.sha256)) back.push(c as Buffer);
    expect(Buffer.concat(back).equals(body)).toBe(true);
    expect(await store.stat(r.sha256)).toEqual({ size: body.length });
    // Nothing else stays: no temporary object, no pending multipart upload.
    expect(await keys(store)).toEqual([store.key(r.sha256)]);
    expect(s3.files().filter((f) => f.includes("_S3rver_uploads"))).toEqual([]);
  });

  it("at or below the limit, one CopyObject; the same bytes again are not copied twice", async () => {
    const store = storeWith({ singleLimit: 1 * MIB, partSize: 1 * MIB });
    const body = crypto.randomBytes(MIB);
    const first = await store.put(chunks(body));
    const again = await store.put(chunks(body));
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ sha256: first.sha256, created: false });
    expect((await keys(store)).filter((k) => k?.includes(".tmp"))).toEqual([]);
  });
});
