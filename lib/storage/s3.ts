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
  UploadPartCommand,
  AbortMultipartUploadCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { Upload } from "@aws-sdk/lib-storage";
import {
  BlobChecksumError,
  BlobNotFoundError,
  BlobSizeError,
  HashingMeter,
  blobKey,
  type BlobSource,
  type BlobStore,
  type ByteRange,
  type PresignGetOptions,
  type PutOptions,
  type PutResult,
  type StagedUploads,
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

  /**
   * Server-side copy. `ifMatch` (an ETag) makes S3 refuse the copy when the source changed since it was read
   * (x-amz-copy-source-if-match): what was verified is what is copied.
   */
  private async copy(from: string, to: string, size: number, ifMatch?: string): Promise<void> {
    const CopySource = `${this.bucket}/${from}`;
    const CopySourceIfMatch = ifMatch;
    const { singleLimit, partSize } = this.copyLimits;
    if (size <= singleLimit) {
      await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: to, CopySource, CopySourceIfMatch }));
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
            CopySourceIfMatch,
            CopySourceRange: `bytes=${start}-${end}`,
          }),
        );
        parts.push({ PartNumber: n, ETag: r.CopyPartResult?.ETag });
      }
      await this.client.send(new CompleteMultipartUploadCommand({ Bucket: this.bucket, Key: to, UploadId, MultipartUpload: { Parts: parts } }));
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

  /** A presigned GET of the blob (SigV4 query string), with S3's response-* header overrides. */
  async presignGet(sha: string, opts: PresignGetOptions): Promise<string> {
    const cmd = new GetObjectCommand({
      Bucket: this.bucket,
      Key: this.key(sha),
      ResponseContentDisposition: opts.contentDisposition,
      ResponseContentType: opts.contentType,
    });
    return getSignedUrl(this.client, cmd, { expiresIn: opts.expiresIn });
  }

  /** Staged uploads under `<prefix>/.staging/<id>`: never a blob key, so nothing unverified is ever a blob. */
  readonly staged: StagedUploads = {
    presignPut: (id, size, expiresIn) =>
      // Content-Length is signed: S3 refuses a body of another size before storing it.
      getSignedUrl(this.client, new PutObjectCommand({ Bucket: this.bucket, Key: this.stagingKey(id), ContentLength: size }), { expiresIn }),
    presignMultipart: async (id, parts, expiresIn) => {
      const Key = this.stagingKey(id);
      const { UploadId } = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key }));
      if (!UploadId) throw new Error("S3 gave no upload id");
      const urls = await Promise.all(
        Array.from({ length: parts }, (_, i) =>
          getSignedUrl(this.client, new UploadPartCommand({ Bucket: this.bucket, Key, UploadId, PartNumber: i + 1 }), { expiresIn }),
        ),
      );
      return { uploadId: UploadId, urls };
    },
    completeMultipart: async (id, uploadId, parts) => {
      const Key = this.stagingKey(id);
      try {
        await this.client.send(
          new CompleteMultipartUploadCommand({
            Bucket: this.bucket,
            Key,
            UploadId: uploadId,
            MultipartUpload: { Parts: [...parts].sort((a, b) => a.partNumber - b.partNumber).map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
          }),
        );
      } catch (err) {
        await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key, UploadId: uploadId })).catch(() => {});
        throw err;
      }
    },
    stat: async (id) => {
      try {
        const r = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.stagingKey(id) }));
        return { size: Number(r.ContentLength ?? 0) };
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
    },
    commit: async (id, expected) => {
      const Key = this.stagingKey(id);
      const discard = () => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key })).catch(() => {});
      let r;
      try {
        r = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key }));
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
      const size = Number(r.ContentLength ?? -1);
      if (size !== expected.size) {
        (r.Body as Readable | undefined)?.destroy?.();
        await discard();
        throw new BlobSizeError(expected.size, size);
      }
      if (!(r.Body instanceof Readable)) throw new Error("S3 GetObject returned no Node stream");
      // Read back and hashed as it streams: the staged bytes are what the client sent, not what it claims.
      const meter = new HashingMeter({ maxBytes: expected.size });
      try {
        for await (const chunk of meter.pipe(r.Body)) void chunk;
      } catch (err) {
        await discard();
        if (err instanceof Error && err.name === "BlobTooLargeError") throw new BlobSizeError(expected.size, size);
        throw err;
      }
      const got = meter.result();
      if (got.sha256 !== expected.sha256 || got.size !== expected.size) {
        await discard();
        throw got.sha256 !== expected.sha256 ? new BlobChecksumError(expected.sha256, got.sha256) : new BlobSizeError(expected.size, got.size);
      }
      try {
        if (await this.exists(got.sha256)) return { ...got, created: false };
        await this.copy(Key, this.key(got.sha256), got.size, r.ETag);
        return { ...got, created: true };
      } finally {
        await discard();
      }
    },
    discard: async (id) => {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.stagingKey(id) }));
    },
    listOlderThan: (olderThan) => this.listStaged(olderThan),
  };

  private stagingKey(id: string): string {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/.test(id) || id.includes(".."))
      throw new Error(`Not a staging id: ${JSON.stringify(id)}`);
    return this.join(`.staging/${id}`);
  }

  private async *listStaged(olderThan: Date): AsyncIterable<string> {
    const Prefix = this.join(".staging/");
    let ContinuationToken: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix, ContinuationToken }));
      for (const o of page.Contents ?? []) {
        if (o.Key && o.LastModified && o.LastModified < olderThan) yield o.Key.slice(Prefix.length);
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NoSuchKey" || e?.name === "NotFound" || e?.$metadata?.httpStatusCode === 404;
}
