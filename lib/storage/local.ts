// Blobs in a local folder: `<root>/ab/cd/<sha256>`, written to `<root>/.tmp/` while hashing and
// renamed into place (atomic on one filesystem), so a reader never sees a partial blob.
import crypto from "node:crypto";
import fsp from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { BlobNotFoundError, HashingMeter, blobKey, type BlobSource, type BlobStore, type ByteRange, type PutOptions, type PutResult } from "./blob-store";

// Large reads for downloads: measured here (256 MiB, server CPU), 4 MiB chunks cost ~0.2 s against
// ~0.3 s at 1 MiB and ~0.45 s at 256 KiB. At most one chunk is read ahead per download.
const READ_HWM = 4 << 20;

export class LocalBlobStore implements BlobStore {
  readonly url: string;
  private readonly tmpDir: string;

  constructor(readonly root: string) {
    this.root = path.resolve(root);
    this.url = `file://${this.root}`;
    this.tmpDir = path.join(this.root, ".tmp");
  }

  private file(sha: string): string {
    return path.join(this.root, blobKey(sha));
  }

  async put(source: BlobSource, opts: PutOptions = {}): Promise<PutResult> {
    const meter = new HashingMeter(opts);
    await fsp.mkdir(this.tmpDir, { recursive: true });
    const tmp = path.join(this.tmpDir, `${Date.now()}-${crypto.randomBytes(8).toString("hex")}`);
    try {
      // Open before reading: the file exists from the start, so the clean-up below always finds it.
      const handle = await fsp.open(tmp, "wx", 0o640);
      try {
        await meter.consume(source, (block) => writeAll(handle, block));
        const dest = this.file(meter.result().sha256);
        if (await exists(dest)) {
          await fsp.rm(tmp, { force: true });
          return { ...meter.result(), created: false };
        }
        // Durable before visible: a crash after the rename must not leave a truncated blob under a hash.
        await handle.sync();
      } finally {
        await handle.close();
      }
      const { sha256, size } = meter.result();
      const dest = this.file(sha256);
      await fsp.mkdir(path.dirname(dest), { recursive: true });
      await fsp.rename(tmp, dest);
      // The rename itself durable too: the caller records a row pointing at this blob next.
      await syncDir(path.dirname(dest));
      return { sha256, size, created: true };
    } catch (err) {
      await fsp.rm(tmp, { force: true }).catch(() => {});
      throw err;
    }
  }

  async get(sha: string, range?: ByteRange): Promise<Readable> {
    const file = this.file(sha);
    // Open first, so a missing blob is an error here and not in the middle of a response.
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(file, "r");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") throw new BlobNotFoundError(sha);
      throw err;
    }
    return handle.createReadStream({ start: range?.start, end: range?.end, highWaterMark: READ_HWM, autoClose: true });
  }

  async stat(sha: string): Promise<{ size: number } | null> {
    try {
      const st = await fsp.stat(this.file(sha));
      return { size: st.size };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw err;
    }
  }

  async exists(sha: string): Promise<boolean> {
    return exists(this.file(sha));
  }

  async delete(sha: string): Promise<void> {
    await fsp.rm(this.file(sha), { force: true });
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fsp.access(p);
    return true;
  } catch {
    return false;
  }
}

/** Writes every byte of `buf` (write() may take less than asked). */
async function writeAll(handle: fsp.FileHandle, buf: Uint8Array): Promise<void> {
  for (let off = 0; off < buf.byteLength; ) {
    const { bytesWritten } = await handle.write(buf, off, buf.byteLength - off);
    off += bytesWritten;
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await fsp.open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
