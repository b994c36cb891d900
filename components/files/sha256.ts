// The SHA-256 of a File in the browser without reading it whole into memory: WebCrypto has no incremental
// digest, so @noble/hashes (pure JS, audited) is fed one slice at a time.
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";

export const HASH_CHUNK = 4 * 1024 * 1024;

/** Hex SHA-256 of `blob`, read in `chunk`-byte slices; `onProgress` after each; throws an AbortError when `signal` aborts. */
export async function sha256Blob(blob: Blob, opts: { chunk?: number; signal?: AbortSignal; onProgress?: (hashed: number) => void } = {}): Promise<string> {
  const chunk = opts.chunk ?? HASH_CHUNK;
  const h = sha256.create();
  for (let at = 0; at < blob.size; at += chunk) {
    opts.signal?.throwIfAborted();
    const bytes = new Uint8Array(await blob.slice(at, Math.min(blob.size, at + chunk)).arrayBuffer());
    h.update(bytes);
    opts.onProgress?.(at + bytes.length);
  }
  opts.signal?.throwIfAborted();
  return bytesToHex(h.digest());
}
