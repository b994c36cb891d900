// Blobs in any S3-compatible store: `<prefix>/ab/cd/<sha256>`.
//
// How a put stays invisible until verified, without buffering the body and without local disk:
// - the caller declared the sha256 (the CLI always does): the body streams as a multipart upload
//   straight to its final key, and the hashing stream fails before the last part is handed over when
//   the digest differs, so CompleteMultipartUpload never runs and the upload is aborted; S3 shows an
//   object only once it is complete. If the blob already exists the body is only hashed (dedup).
// - otherwise the key is not known until the end: the body streams to `<prefix>/.tmp/<random>`,
//   then is copied server-side under its hash (CopyObject, or UploadPartCopy above 5 GiB) and the
//   temporary object is deleted. A crash between the two leaves only a `.tmp/` object, never a
//   wrong blob; a lifecycle rule on `.tmp/` (expire after a day) sweeps those.
// We chose this over "hash to a local temp file first" because web processes stay stateless and
// need no scratch disk as large as the largest model, and the body crosses the network once.
import crypto from "node:crypto";
import { Readable } from "node:stream";
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  UploadPartCopyCommand,
  AbortMultipartUploadCommand,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import {
  BlobNotFoundError,
  HashingMeter,
  blobKey,
  type BlobSource,
  type BlobStore,
  type ByteRange,
  type PutOptions,
  type PutResult,
} from "./blob-store";

const MIB = 1024 * 1024;
const PART_SIZE = 8 * MIB;
const QUEUE_SIZE = 3; // at most QUEUE_SIZE × part size in memory per upload
const MAX_PARTS = 10_000;
const SINGLE_COPY_LIMIT = 5 * 1024 * MIB; // CopyObject's limit; above it, a multipart copy
const COPY_PART_SIZE = 512 * MIB;

export type S3StoreConfig = {
  bucket: string;
  prefix?: string;
  endpoint?: string;
  region?: string;
  forcePathStyle?: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /**
   * When the server-side copy from `.tmp/` switches to a multipart copy, and its part size. S3's own limits
   * (5 GiB, 512 MiB parts) unless a test lowers them to exercise the multipart path with small bodies.
   */
  copy?: { singleLimit: number; partSize: number };
};

export class S3BlobStore implements BlobStore {
  readonly url: string;
  readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly copyLimits: { singleLimit: number; partSize: number };

  constructor(cfg: S3StoreConfig) {
    this.bucket = cfg.bucket;
    this.copyLimits = cfg.copy ?? { singleLimit: SINGLE_COPY_LIMIT, partSize: COPY_PART_SIZE };
    this.prefix = (cfg.prefix ?? "").replace(/^\/+|\/+$/g, "");
    this.url = `s3://${cfg.bucket}${this.prefix ? `/${this.prefix}` : ""}`;
    this.client = new S3Client({
      endpoint: cfg.endpoint,
      region: cfg.region || "us-east-1",
      forcePathStyle: cfg.forcePathStyle ?? Boolean(cfg.endpoint),
      credentials: cfg.credentials,
      // Many S3-compatible servers reject the newer default checksum headers; our sha256 is the check.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  /** The object key of a blob (exposed for tests and operators). */
  key(sha: string): string {
    return this.join(blobKey(sha));
  }

  private join(rest: string): string {
    return this.prefix ? `${this.prefix}/${rest}` : rest;
  }

  async put(source: BlobSource, opts: PutOptions = {}): Promise<PutResult> {
    const meter = new HashingMeter(opts);
    const expected = opts.expectedSha256;
    if (expected && (await this.exists(expected))) {
      for await (const chunk of meter.pipe(source)) void chunk; // verify the caller really has these bytes
      return { ...meter.result(), created: false };
    }
    const target = expected ? this.key(expected) : this.join(`.tmp/${Date.now()}-${crypto.randomBytes(8).toString("hex")}`);
    const partSize = Math.max(PART_SIZE, Math.ceil((opts.sizeHint ?? 0) / (MAX_PARTS - 1)));
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: target, Body: Readable.from(meter.pipe(source)) },
      partSize,
      queueSize: QUEUE_SIZE,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (err) {
      // The SDK may report its own clean-up failure instead; the body's error is the one that matters.
      throw meter.error ?? err;
    }
    const { sha256, size } = meter.result();
    if (expected) return { sha256, size, created: true };
    try {
      const dest = this.key(sha256);
      if (await this.exists(sha256)) return { sha256, size, created: false };
      await this.copy(target, dest, size);
      return { sha256, size, created: true };
    } finally {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: target })).catch(() => {});
    }
  }

  private async copy(from: string, to: string, size: number): Promise<void> {
    const CopySource = `${this.bucket}/${from}`;
    const { singleLimit, partSize } = this.copyLimits;
    if (size <= singleLimit) {
      await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: to, CopySource }));
      return;
    }
    const { UploadId } = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: to }));
    try {
      const parts: { PartNumber: number; ETag?: string }[] = [];
      for (let start = 0, n = 1; start < size; start += partSize, n++) {
        const end = Math.min(size, start + partSize) - 1;
        const r = await this.client.send(
          new UploadPartCopyCommand({
            Bucket: this.bucket,
            Key: to,
            UploadId,
            PartNumber: n,
            CopySource,
            CopySourceRange: `bytes=${start}-${end}`,
          }),
        );
        parts.push({ PartNumber: n, ETag: r.CopyPartResult?.ETag });
      }
      await this.client.send(
        new CompleteMultipartUploadCommand({ Bucket: this.bucket, Key: to, UploadId, MultipartUpload: { Parts: parts } }),
      );
    } catch (err) {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: to, UploadId })).catch(() => {});
      throw err;
    }
  }

  async get(sha: string, range?: ByteRange): Promise<Readable> {
    try {
      const r = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: this.key(sha),
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
      if (!(r.Body instanceof Readable)) throw new Error("S3 GetObject returned no Node stream");
      return r.Body;
    } catch (err) {
      if (isNotFound(err)) throw new BlobNotFoundError(sha);
      throw err;
    }
  }

  async stat(sha: string): Promise<{ size: number } | null> {
    try {
      const r = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.key(sha) }));
      return { size: Number(r.ContentLength ?? 0) };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async exists(sha: string): Promise<boolean> {
    return (await this.stat(sha)) !== null;
  }

  async delete(sha: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.key(sha) }));
  }
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NoSuchKey" || e?.name === "NotFound" || e?.$metadata?.httpStatusCode === 404;
}
