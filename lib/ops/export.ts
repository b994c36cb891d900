// Export: a consistent snapshot of an install — every table of the database and every blob the files table
// references — into a directory (format: snapshot.ts). All rows are read in one REPEATABLE READ, READ ONLY
// transaction, through cursors, streamed to the files (never a whole table in memory), so a PostgreSQL server
// may keep serving meanwhile. Blobs are streamed from the store and their sha256 and size checked on the way.
import crypto from "node:crypto";
import { once } from "node:events";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { BlobNotFoundError, type BlobStore } from "@/lib/storage";
import { lastMigration, listTables, orderBy, ownedSequences } from "./catalog";
import { ident, type RawDb, type Tx } from "./raw-sql";
import { FORMAT, FORMAT_VERSION, type Manifest, OpsError, blobPath } from "./snapshot";

const FETCH = 1000;

export type ExportOptions = {
  out: string;
  db: RawDb;
  store: BlobStore;
  source: Manifest["source"];
  log?: (line: string) => void;
};

export async function exportInstall(opts: ExportOptions): Promise<Manifest> {
  const out = path.resolve(opts.out);
  if (fs.existsSync(out) && fs.readdirSync(out).length) throw new OpsError(`${out} is not empty: export into a new or empty directory.`);
  fs.mkdirSync(path.join(out, "tables"), { recursive: true });
  try {
    return await exportInto(out, opts);
  } catch (err) {
    // A failed export leaves nothing behind that could pass for one.
    for (const e of fs.readdirSync(out)) fs.rmSync(path.join(out, e), { recursive: true, force: true });
    throw err;
  }
}

async function exportInto(out: string, opts: ExportOptions): Promise<Manifest> {
  const log = opts.log ?? (() => {});

  const snapshot = await opts.db.transaction(async (tx) => {
    await tx.query("set transaction isolation level repeatable read, read only");
    const migration = await lastMigration(tx);
    if (!migration) throw new OpsError("The database has no migrations applied: there is nothing to export.");
    const tables: Manifest["tables"] = {};
    for (const table of await listTables(tx)) {
      tables[table] = await dumpTable(tx, table, path.join(out, "tables", `${table}.ndjson`));
      log(`  ${table}: ${tables[table].rows} rows`);
    }
    const sequences: Manifest["sequences"] = {};
    for (const s of await ownedSequences(tx)) {
      const [v] = await tx.query<{ last_value: string; is_called: boolean }>(
        `select last_value::text as last_value, is_called from public.${ident(s.sequence)}`,
      );
      sequences[s.sequence] = v?.is_called ? v.last_value : null;
    }
    const blobs = tables.files
      ? (await tx.query<{ sha256: string; size: string }>("select sha256, max(size)::text as size from files group by sha256 order by sha256")).map((b) => ({
          sha256: b.sha256,
          size: Number(b.size),
        }))
      : [];
    return { migration, tables, sequences, blobs };
  });

  let blobBytes = 0;
  for (const [i, b] of snapshot.blobs.entries()) {
    await copyBlobOut(opts.store, b, path.join(out, blobPath(b.sha256)));
    blobBytes += b.size;
    if ((i + 1) % 100 === 0 || i + 1 === snapshot.blobs.length) log(`  blobs: ${i + 1}/${snapshot.blobs.length}`);
  }

  const manifest: Manifest = {
    format: FORMAT,
    format_version: FORMAT_VERSION,
    created_at: new Date().toISOString(),
    source: opts.source,
    migration: { tag: snapshot.migration.tag, hash: snapshot.migration.hash, created_at: snapshot.migration.createdAt },
    tables: snapshot.tables,
    sequences: snapshot.sequences,
    blobs: snapshot.blobs,
    totals: {
      rows: Object.values(snapshot.tables).reduce((n, t) => n + t.rows, 0),
      blobs: snapshot.blobs.length,
      blob_bytes: blobBytes,
    },
  };
  const tmp = path.join(out, "manifest.json.tmp");
  await fsp.writeFile(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
  await fsp.rename(tmp, path.join(out, "manifest.json"));
  return manifest;
}

/** One table through a cursor into `file`, one JSON object per line; its row count, size and sha256. */
async function dumpTable(tx: Tx, table: string, file: string): Promise<Manifest["tables"][string]> {
  const ws = fs.createWriteStream(file);
  const hash = crypto.createHash("sha256");
  let rows = 0;
  let bytes = 0;
  const cursor = `modelreg_export_${table}`.slice(0, 63);
  try {
    await tx.query(
      `declare ${ident(cursor)} no scroll cursor for select row_to_json(t)::text as j from public.${ident(table)} t order by ${await orderBy(tx, table, "t")}`,
    );
    for (;;) {
      const batch = await tx.query<{ j: string }>(`fetch ${FETCH} from ${ident(cursor)}`);
      if (!batch.length) break;
      const chunk = Buffer.from(`${batch.map((r) => r.j).join("\n")}\n`, "utf8");
      hash.update(chunk);
      bytes += chunk.byteLength;
      rows += batch.length;
      if (!ws.write(chunk)) await once(ws, "drain");
      if (batch.length < FETCH) break;
    }
    await tx.query(`close ${ident(cursor)}`);
  } finally {
    ws.end();
    await once(ws, "close");
  }
  return { rows, file: `tables/${table}.ndjson`, sha256: hash.digest("hex"), bytes };
}

/** Streams one blob from the store into `dest`, checking its sha256 and size before it takes its name. */
async function copyBlobOut(store: BlobStore, blob: { sha256: string; size: number }, dest: string): Promise<void> {
  await fsp.mkdir(path.dirname(dest), { recursive: true });
  const tmp = `${dest}.part`;
  let source: NodeJS.ReadableStream;
  try {
    source = await store.get(blob.sha256);
  } catch (err) {
    if (err instanceof BlobNotFoundError) {
      throw new OpsError(
        `Blob ${blob.sha256} (a file of the export) is missing from the store ${store.url}` +
          " (deleted by the running server since the snapshot? then export again).",
      );
    }
    throw err;
  }
  const hash = crypto.createHash("sha256");
  let size = 0;
  const handle = await fsp.open(tmp, "w");
  // One write in flight while the next chunk is read and hashed.
  let inflight: Promise<void> = Promise.resolve();
  try {
    for await (const chunk of source) {
      const buf = chunk as Buffer;
      hash.update(buf);
      size += buf.byteLength;
      await inflight;
      inflight = writeAll(handle, buf);
    }
    await inflight;
  } catch (err) {
    await inflight.catch(() => {});
    await handle.close();
    await fsp.rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  const sha = hash.digest("hex");
  if (sha !== blob.sha256 || size !== blob.size) {
    await fsp.rm(tmp, { force: true });
    throw new OpsError(`Blob ${blob.sha256} in the store ${store.url} is damaged: ${size} bytes with sha256 ${sha}, expected ${blob.size} bytes.`);
  }
  await fsp.rename(tmp, dest);
}

/** Writes every byte of `buf` (write() may take less than asked). */
async function writeAll(handle: fsp.FileHandle, buf: Uint8Array): Promise<void> {
  for (let off = 0; off < buf.byteLength; ) {
    const { bytesWritten } = await handle.write(buf, off, buf.byteLength - off);
    off += bytesWritten;
  }
}
