// Import: an export (snapshot.ts) into an empty, migrated database and an empty store. Everything happens in one
// transaction: every table in foreign-key order (within a table in primary-key order, as exported), in batches
// through json_populate_recordset; the sequences set so that no id is ever handed out twice; every blob copied
// into the store and checked against its sha256 and size; every row count checked against the manifest. Any
// failure rolls the transaction back and deletes the blobs this import stored: nothing is kept.
//
// Nothing may start on the target meanwhile: the transaction holds the migration lock (a starting server waits in
// its migrations) and an ACCESS EXCLUSIVE lock on every table (the demo seed's "is it empty?" waits), and an
// embedded target is locked for this process (db/embedded-lock.ts). Still: import before the first start.
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import readline from "node:readline";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { BlobChecksumError, type BlobStore, LocalBlobStore, S3BlobStore } from "@/lib/storage";
import { foreignKeyOrder, insertableColumns, lastMigration, listTables, ownedSequences } from "./catalog";
import { ident, type RawDb, type Tx } from "./raw-sql";
import { FORMAT, FORMAT_VERSION, type Manifest, OpsError, blobPath, sha256OfFile } from "./snapshot";

const BATCH_ROWS = 1000;
const BATCH_BYTES = 8 << 20;

export type ImportSummary = { tables: number; rows: number; blobs: number; blobBytes: number; migration: string };

export type ImportOptions = { dir: string; db: RawDb; store: BlobStore; log?: (line: string) => void };

export async function readManifest(dir: string): Promise<Manifest> {
  const file = path.join(dir, "manifest.json");
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await fsp.readFile(file, "utf8")) as Manifest;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new OpsError(code === "ENOENT" ? `${file} is missing: not a (complete) Modelreg export.` : `${file} is not valid JSON.`);
  }
  if (manifest?.format !== FORMAT) throw new OpsError(`${file} is not a Modelreg export manifest.`);
  if (manifest.format_version !== FORMAT_VERSION) {
    throw new OpsError(`${file} has format version ${manifest.format_version}; this Modelreg reads version ${FORMAT_VERSION}.`);
  }
  return manifest;
}

export async function importInstall(opts: ImportOptions): Promise<ImportSummary> {
  const log = opts.log ?? (() => {});
  const dir = path.resolve(opts.dir);
  const manifest = await readManifest(dir);

  // Everything that can be checked before writing anything: the table files' sha256, the blobs' presence and size.
  for (const [table, t] of Object.entries(manifest.tables)) {
    if (!/^[a-z0-9_]+$/.test(table) || t.file !== `tables/${table}.ndjson`) throw new OpsError(`The manifest names an odd table file: ${t.file}.`);
    const file = path.join(dir, t.file);
    if (!fs.existsSync(file)) throw new OpsError(`${t.file} is missing from the export.`);
    const got = await sha256OfFile(file);
    if (got.sha256 !== t.sha256)
      throw new OpsError(`${t.file} does not match the manifest (sha256 ${got.sha256}, expected ${t.sha256}): the export is damaged.`);
  }
  for (const b of manifest.blobs) {
    if (!/^[0-9a-f]{64}$/.test(b.sha256)) throw new OpsError(`The manifest names an odd blob: ${b.sha256}.`);
    const st = await fsp.stat(path.join(dir, blobPath(b.sha256))).catch(() => null);
    if (!st) throw new OpsError(`${blobPath(b.sha256)} is missing from the export.`);
    if (st.size !== b.size) throw new OpsError(`${blobPath(b.sha256)} has ${st.size} bytes, the manifest says ${b.size}: the export is damaged.`);
  }
  if (!(await storeIsEmpty(opts.store))) {
    throw new OpsError(`The store ${opts.store.url} already holds blobs: import into an empty store (STORAGE_URL).`);
  }

  const created: string[] = [];
  try {
    const summary = await opts.db.transaction(async (tx) => {
      const migration = await lastMigration(tx);
      if (!migration || migration.hash !== manifest.migration.hash) {
        throw new OpsError(
          `The export was made at migration ${manifest.migration.tag}; this database is at ${migration?.tag ?? "none"}: ` +
            "import with the Modelreg version that made the export (then upgrade).",
        );
      }
      // A server starting meanwhile waits in its migrations; the demo seed's look at `users` waits for the commit.
      await tx.query("select pg_advisory_xact_lock(727274)");
      const tables = await listTables(tx);
      const extra = Object.keys(manifest.tables).filter((t) => !tables.includes(t));
      const missing = tables.filter((t) => !(t in manifest.tables));
      if (extra.length || missing.length) {
        throw new OpsError(
          `The export's tables do not match this database's (only in the export: ${extra.join(", ") || "none"}; only here: ${missing.join(", ") || "none"}).`,
        );
      }
      await tx.query(`lock table ${tables.map((t) => `public.${ident(t)}`).join(", ")} in access exclusive mode`);
      for (const t of tables) {
        const [r] = await tx.query<{ any: boolean }>(`select exists(select 1 from public.${ident(t)}) as any`);
        if (r?.any) throw new OpsError(`The target database is not empty (table ${t} has rows): import into an empty database, before the first start.`);
      }

      let rows = 0;
      for (const table of await foreignKeyOrder(tx, tables)) {
        const n = await loadTable(tx, table, path.join(dir, manifest.tables[table].file));
        rows += n;
        log(`  ${table}: ${n} rows`);
      }
      for (const s of await ownedSequences(tx)) {
        const floor = manifest.sequences[s.sequence] ?? "0";
        await tx.query(
          `select setval($1::regclass, v, true) from (select greatest(coalesce(max(${ident(s.column)})::bigint, 0), $2::bigint) as v from public.${ident(s.table)}) x where v > 0`,
          [`public.${ident(s.sequence)}`, floor],
        );
      }

      let blobBytes = 0;
      for (const [i, b] of manifest.blobs.entries()) {
        await copyBlobIn(opts.store, dir, b, created);
        blobBytes += b.size;
        if ((i + 1) % 100 === 0 || i + 1 === manifest.blobs.length) log(`  blobs: ${i + 1}/${manifest.blobs.length}`);
      }

      for (const t of tables) {
        const [r] = await tx.query<{ n: string }>(`select count(*)::text as n from public.${ident(t)}`);
        if (Number(r.n) !== manifest.tables[t].rows)
          throw new OpsError(`Table ${t} has ${r.n} rows after the import, the manifest says ${manifest.tables[t].rows}.`);
      }
      return { tables: tables.length, rows, blobs: manifest.blobs.length, blobBytes, migration: manifest.migration.tag };
    });
    return summary;
  } catch (err) {
    for (const sha of created) await opts.store.delete(sha).catch(() => {});
    throw err;
  }
}

/** Inserts one table's lines in batches; the number of rows. */
async function loadTable(tx: Tx, table: string, file: string): Promise<number> {
  const cols = await insertableColumns(tx, table);
  const list = cols.map((c) => ident(c.name)).join(", ");
  const overriding = cols.some((c) => c.identityAlways) ? " overriding system value" : "";
  const insert = `insert into public.${ident(table)} (${list})${overriding} select ${list} from json_populate_recordset(null::public.${ident(table)}, $1::text::json)`;
  let batch: string[] = [];
  let bytes = 0;
  let rows = 0;
  const flush = async () => {
    if (!batch.length) return;
    await tx.query(insert, [`[${batch.join(",")}]`]);
    rows += batch.length;
    batch = [];
    bytes = 0;
  };
  const lines = readline.createInterface({ input: fs.createReadStream(file, { encoding: "utf8" }), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (!line) continue;
    batch.push(line);
    bytes += line.length;
    if (batch.length >= BATCH_ROWS || bytes >= BATCH_BYTES) await flush();
  }
  await flush();
  return rows;
}

async function copyBlobIn(store: BlobStore, dir: string, b: { sha256: string; size: number }, created: string[]): Promise<void> {
  const file = path.join(dir, blobPath(b.sha256));
  let put: Awaited<ReturnType<BlobStore["put"]>>;
  try {
    put = await store.put(fs.createReadStream(file, { highWaterMark: 4 << 20 }), { expectedSha256: b.sha256, sizeHint: b.size });
  } catch (err) {
    if (err instanceof BlobChecksumError)
      throw new OpsError(`${blobPath(b.sha256)} does not match its name (sha256 ${err.actual}): the export is damaged; nothing was imported.`);
    throw err;
  }
  if (put.created) created.push(put.sha256);
  if (put.size !== b.size)
    throw new OpsError(`${blobPath(b.sha256)} has ${put.size} bytes, the manifest says ${b.size}: the export is damaged; nothing was imported.`);
}

const BLOB_KEY = /^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/;

/** Whether the store holds no blob (its temporary and staging areas do not count). */
export async function storeIsEmpty(store: BlobStore): Promise<boolean> {
  if (store instanceof LocalBlobStore) {
    const top = await fsp.readdir(store.root).catch(() => [] as string[]);
    for (const a of top.filter((n) => /^[0-9a-f]{2}$/.test(n))) {
      for (const b of await fsp.readdir(path.join(store.root, a)).catch(() => [] as string[])) {
        if ((await fsp.readdir(path.join(store.root, a, b)).catch(() => [] as string[])).length) return false;
      }
    }
    return true;
  }
  if (store instanceof S3BlobStore) {
    const u = new URL(store.url);
    const bucket = u.hostname;
    const prefix = u.pathname.replace(/^\/+/, "");
    let token: string | undefined;
    do {
      const page = await store.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix ? `${prefix}/` : undefined, ContinuationToken: token }));
      for (const o of page.Contents ?? []) {
        const rel = prefix ? (o.Key ?? "").slice(prefix.length + 1) : (o.Key ?? "");
        if (BLOB_KEY.test(rel)) return false;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return true;
  }
  return true; // another kind of store: nothing to look at
}
