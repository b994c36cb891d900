// The one blob-store interface (DESIGN §1): content-addressed by sha256, written through a temporary
// object and committed under its hash only once the whole body has arrived and been verified.
import crypto from "node:crypto";
import type { Readable } from "node:stream";

export type Sha256 = string;

export type BlobSource = AsyncIterable<Uint8Array>;

export type PutOptions = {
  /** Stop reading and fail with BlobTooLargeError once the body exceeds this many bytes. */
  maxBytes?: number;
  /** The sha256 the caller promises; a different body fails with BlobChecksumError and is not kept. */
  expectedSha256?: string;
  /** The expected size when known (Content-Length): lets S3 pick part sizes for very large bodies. */
  sizeHint?: number;
};

export type PutResult = {
  sha256: Sha256;
  size: number;
  /** False when a blob with this content was already stored (deduplicated). */
  created: boolean;
};

/** Inclusive byte range, as in HTTP. */
export type ByteRange = { start: number; end: number };

export interface BlobStore {
  /** A description for logs and errors: `file:///…` or `s3://bucket/prefix`. */
  readonly url: string;
  /** Streams `source` into the store while hashing; nothing becomes visible unless the whole body arrives. */
  put(source: BlobSource, opts?: PutOptions): Promise<PutResult>;
  /** The blob's bytes, or a range of them; BlobNotFoundError when missing. */
  get(sha256: Sha256, range?: ByteRange): Promise<Readable>;
  stat(sha256: Sha256): Promise<{ size: number } | null>;
  exists(sha256: Sha256): Promise<boolean>;
  /** Deletes the blob; a missing blob is not an error. */
  delete(sha256: Sha256): Promise<void>;
  /**
   * A short-lived URL from which a client GETs the blob straight from the store (an S3 presigned GET), with
   * the response headers given; absent on stores that have no such URL (the local folder: the app streams).
   */
  presignGet?(sha256: Sha256, opts: PresignGetOptions): Promise<string>;
  /** Uploads that go straight to the store, checked before they become a blob (absent: the app receives them). */
  readonly staged?: StagedUploads;
}

export type PresignGetOptions = { expiresIn: number; contentDisposition?: string; contentType?: string };

/**
 * Objects a client uploads straight into the store under a staging id (never under a blob key), which become a
 * blob only once read back and verified: `commit` hashes the staged object, and on a match moves it under its
 * sha256; on any mismatch it deletes the staged object (nothing is kept) and throws BlobChecksumError.
 */
export interface StagedUploads {
  /** A presigned PUT of the whole object (S3 takes at most 5 GiB in one PUT). */
  presignPut(id: string, size: number, expiresIn: number): Promise<string>;
  /** A multipart upload of `parts` parts: its upload id and a presigned PUT per part (1-based). */
  presignMultipart(id: string, parts: number, expiresIn: number): Promise<{ uploadId: string; urls: string[] }>;
  /** Completes a multipart upload from the parts' ETags (as the client got them). */
  completeMultipart(id: string, uploadId: string, parts: { partNumber: number; etag: string }[]): Promise<void>;
  /** The staged object's size, or null when nothing (complete) is staged under `id`. */
  stat(id: string): Promise<{ size: number } | null>;
  /** Verifies the staged object against `expected` and makes it the blob; null when nothing is staged. */
  commit(id: string, expected: { sha256: Sha256; size: number }): Promise<PutResult | null>;
  /** Deletes whatever is staged under `id` (a missing object is not an error). */
  discard(id: string): Promise<void>;
  /** Staged objects last written before `olderThan` (for the sweep of abandoned uploads). */
  listOlderThan(olderThan: Date): AsyncIterable<string>;
}

export class BlobSizeError extends Error {
  constructor(
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`size mismatch: expected ${expected} bytes, got ${actual}`);
    this.name = "BlobSizeError";
  }
}

export class BlobTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The body is larger than ${limit} bytes`);
    this.name = "BlobTooLargeError";
  }
}

export class BlobChecksumError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`sha256 mismatch: expected ${expected}, got ${actual}`);
    this.name = "BlobChecksumError";
  }
}

/** Reading the body failed: the client went away or its stream broke. Nothing was stored. */
export class BlobSourceError extends Error {
  constructor(cause: unknown) {
    super(`The body could not be read: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "BlobSourceError";
  }
}

export class BlobNotFoundError extends Error {
  constructor(readonly sha256: string) {
    super(`Blob ${sha256} is missing from the store`);
    this.name = "BlobNotFoundError";
  }
}

export const SHA256_RE = /^[0-9a-f]{64}$/;

export function assertSha256(sha: string): void {
  if (!SHA256_RE.test(sha)) throw new Error(`Not a sha256: ${JSON.stringify(sha)}`);
}

/** `ab/cd/abcdef…`: two levels of fan-out keep directories (and S3 listings) small. */
export function blobKey(sha: Sha256): string {
  assertSha256(sha);
  return `${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`;
}

/**
 * Passes a body through while hashing and counting it. The digest is checked before the last
 * chunk leaves, so a consumer that commits on end never commits a body with the wrong hash.
 */
export class HashingMeter {
  private hash = crypto.createHash("sha256");
  size = 0;
  sha256: string | null = null;
  /** Why reading the body failed (the client's error, too large, mismatch), kept for the caller. */
  error: unknown = null;
  constructor(private readonly opts: PutOptions = {}) {
    if (opts.expectedSha256 !== undefined && !SHA256_RE.test(opts.expectedSha256)) {
      throw new BlobChecksumError(opts.expectedSha256, "(not a sha256)");
    }
  }

  async *pipe(source: BlobSource): AsyncGenerator<Uint8Array> {
    try {
      yield* this.read(source);
    } catch (err) {
      this.error = err;
      throw err;
    }
  }

  private async *read(source: BlobSource): AsyncGenerator<Uint8Array> {
    const max = this.opts.maxBytes ?? Number.POSITIVE_INFINITY;
    const it = source[Symbol.asyncIterator]();
    let done = false;
    let pending: Uint8Array | null = null;
    try {
      for (;;) {
        let next: IteratorResult<Uint8Array>;
        try {
          next = await it.next();
        } catch (err) {
          done = true; // the source has already failed; nothing to stop
          throw new BlobSourceError(err);
        }
        if (next.done) break;
        const chunk = next.value;
        this.size += chunk.byteLength;
        if (this.size > max) throw new BlobTooLargeError(max);
        this.hash.update(chunk);
        // Hold one chunk back: it is released only after the digest has been verified at the end.
        if (pending) yield pending;
        pending = chunk;
      }
      done = true;
    } finally {
      // Stop reading a body we gave up on (too large, or our consumer failed).
      if (!done) await it.return?.().catch(() => {});
    }
    this.sha256 = this.hash.digest("hex");
    const expected = this.opts.expectedSha256;
    if (expected !== undefined && expected !== this.sha256) throw new BlobChecksumError(expected, this.sha256);
    if (pending) yield pending;
  }

  /**
   * Reads the whole body, hashing it, and hands it to `write` in batches of about `batchBytes`
   * (joined into one buffer), with one batch being written while the next is read — fewer, larger
   * writes than a stream pipeline and no per-chunk promise chain. (Measured here: faster than both
   * a stream pipeline and two reused blocks.) Verifies the digest at the end; the caller commits
   * only after that.
   */
  async consume(source: BlobSource, write: (block: Uint8Array) => Promise<unknown>, batchBytes = 1 << 20): Promise<void> {
    let batch: Uint8Array[] = [];
    let bytes = 0;
    let inflight: Promise<unknown> | null = null;
    const flush = async () => {
      // Always a copy, even of a single chunk: the bytes written must be the bytes hashed, whatever
      // the source does with its buffers after handing them over.
      const block = Buffer.concat(batch);
      batch = [];
      bytes = 0;
      await inflight;
      inflight = write(block);
    };
    try {
      const max = this.opts.maxBytes ?? Number.POSITIVE_INFINITY;
      const it = source[Symbol.asyncIterator]();
      let done = false;
      try {
        for (;;) {
          let next: IteratorResult<Uint8Array>;
          try {
            next = await it.next();
          } catch (err) {
            done = true;
            throw new BlobSourceError(err);
          }
          if (next.done) break;
          const chunk = next.value;
          this.size += chunk.byteLength;
          if (this.size > max) throw new BlobTooLargeError(max);
          this.hash.update(chunk);
          batch.push(chunk);
          bytes += chunk.byteLength;
          if (bytes >= batchBytes) await flush();
        }
        done = true;
      } finally {
        if (!done) await it.return?.().catch(() => {});
      }
      if (batch.length) await flush();
      await inflight;
      inflight = null;
      this.sha256 = this.hash.digest("hex");
      const expected = this.opts.expectedSha256;
      if (expected !== undefined && expected !== this.sha256) throw new BlobChecksumError(expected, this.sha256);
    } catch (err) {
      await (inflight as Promise<unknown> | null)?.catch(() => {});
      this.error = err;
      throw err;
    }
  }

  /** The digest once the body has been read to the end. */
  result(): { sha256: string; size: number } {
    if (!this.sha256) throw new Error("The body was not read to the end");
    return { sha256: this.sha256, size: this.size };
  }
}
