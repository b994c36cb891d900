// The export format (`npm run export`, read back by `npm run import`):
//
//   DIR/manifest.json             written last: its presence marks a complete export
//   DIR/tables/<table>.ndjson     one row_to_json() per line, in primary-key order
//   DIR/blobs/<aa>/<sha256>       every blob the files table references, verified while copied
import crypto from "node:crypto";
import fs from "node:fs";

export const FORMAT = "modelreg-export";
export const FORMAT_VERSION = 1;

export type Manifest = {
  format: typeof FORMAT;
  format_version: number;
  created_at: string;
  source: { database: "embedded" | "postgresql"; store: string };
  /** The last migration applied to the source: an import needs the same. */
  migration: { tag: string; hash: string; created_at: string };
  tables: Record<string, { rows: number; file: string; sha256: string; bytes: number }>;
  /** Each serial/identity sequence's last value (null: never used), so that ids are never reused after import. */
  sequences: Record<string, string | null>;
  blobs: { sha256: string; size: number }[];
  totals: { rows: number; blobs: number; blob_bytes: number };
};

/** An operator's error: printed as one line, never as a stack trace. */
export class OpsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OpsError";
  }
}

export function blobPath(sha256: string): string {
  return `blobs/${sha256.slice(0, 2)}/${sha256}`;
}

export async function sha256OfFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = crypto.createHash("sha256");
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 4 << 20 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).byteLength;
  }
  return { sha256: hash.digest("hex"), bytes };
}
