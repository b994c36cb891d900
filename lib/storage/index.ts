// The process-wide blob store, chosen by STORAGE_URL (DESIGN §9): `file:///path`, `s3://bucket/prefix`,
// or by default `$MODELREG_DATA_DIR/blobs`.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { dataDir } from "@/db/config";
import type { BlobStore } from "./blob-store";
import { LocalBlobStore } from "./local";
import { S3BlobStore } from "./s3";

export * from "./blob-store";
export { LocalBlobStore } from "./local";
export { S3BlobStore } from "./s3";

/** Builds a store from a STORAGE_URL-style string (and the S3_* / AWS_* environment for s3://). */
export function blobStoreFromUrl(url: string | undefined, env: Record<string, string | undefined> = process.env): BlobStore {
  if (!url) return new LocalBlobStore(path.join(dataDir(), "blobs"));
  if (url.startsWith("file://")) return new LocalBlobStore(fileURLToPath(url));
  if (url.startsWith("s3://")) {
    const u = new URL(url);
    if (!u.hostname) throw new Error(`STORAGE_URL ${url} names no bucket`);
    const pathStyle = env.S3_FORCE_PATH_STYLE;
    return new S3BlobStore({
      bucket: u.hostname,
      prefix: decodeURIComponent(u.pathname),
      endpoint: env.S3_ENDPOINT || undefined,
      region: env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined,
      forcePathStyle: pathStyle === undefined ? undefined : pathStyle !== "false" && pathStyle !== "0",
      // Credentials: the AWS SDK's default chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, profiles, roles).
    });
  }
  throw new Error(`STORAGE_URL must start with file:// or s3:// (got ${url})`);
}

const g = globalThis as unknown as { __modelregBlobStore?: { key: string; store: BlobStore } };

/** The store for this process; re-read when the environment changes (tests point it elsewhere). */
export function getBlobStore(): BlobStore {
  const key = `${process.env.STORAGE_URL ?? ""}|${process.env.MODELREG_DATA_DIR ?? ""}`;
  if (!g.__modelregBlobStore || g.__modelregBlobStore.key !== key) {
    g.__modelregBlobStore = { key, store: blobStoreFromUrl(process.env.STORAGE_URL) };
  }
  return g.__modelregBlobStore.store;
}
