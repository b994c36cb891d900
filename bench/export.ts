// Export benchmark (`npm run export`, lib/ops): an install of 10,000 versions (each with a stage condition, an
// activity and a file row; rows made with generate_series) and 1 GiB of blobs (8 × 128 MiB, written through the
// local store), on PostgreSQL (a fresh database on BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432).
// Measures the export (one snapshot transaction, cursors, blobs streamed and hashed) against `cp -r` of the same
// blob folder, and the import of that export into a second fresh database and store. Cleans up after itself.
//
//   npx tsx --conditions=react-server bench/export.ts        (or: npm run bench export)
import { writeSection } from "./common";
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { openDatabase } from "@/db";
import { exportInstall } from "@/lib/ops/export";
import { importInstall } from "@/lib/ops/import";
import { rawDb } from "@/lib/ops/raw-sql";
import { LocalBlobStore } from "@/lib/storage";

const PG = process.env.BENCH_PG_URL || "postgres://postgres@127.0.0.1:5432";
const VERSIONS = Number(process.env.BENCH_EXPORT_VERSIONS || 10_000);
const BLOBS = Number(process.env.BENCH_EXPORT_BLOBS || 8);
const BLOB_MIB = Number(process.env.BENCH_EXPORT_BLOB_MIB || 128);
const log = (s: string) => console.log(`[bench] ${s}`);

export type ExportBenchResult = {
  server: string;
  versions: number;
  rows: number;
  tableBytes: number;
  blobs: number;
  blobBytes: number;
  exportSeconds: number;
  /** The export's first phase: every table through its cursor into its file. */
  tablesSeconds: number;
  cpSeconds: number;
  /** sha256 over 256 MiB in memory, one core: the floor of any verified copy. */
  sha256MBps: number;
  importSeconds: number;
  load: { before: number[]; after: number[] };
  cores: number;
};

const mb = (bytes: number) => bytes / 1e6;

function sha256Rate(): number {
  const buf = crypto.randomBytes(16 << 20);
  const t = process.hrtime.bigint();
  const h = crypto.createHash("sha256");
  for (let i = 0; i < 16; i++) h.update(buf);
  h.digest();
  return mb(16 * buf.length) / since(t);
}
const since = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e9;

export async function runExportBench(): Promise<ExportBenchResult> {
  const loadBefore = os.loadavg();
  const tag = crypto.randomBytes(4).toString("hex");
  const names = [`bench_export_src_${tag}`, `bench_export_dst_${tag}`];
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "modelreg-bench-export-"));
  const admin = postgres(`${PG}/postgres`, { max: 1, onnotice: () => {} });
  const [{ version }] = await admin`select version()`;
  for (const n of names) await admin.unsafe(`create database "${n}"`);
  try {
    const src = await openDatabase({ url: `${PG}/${names[0]}` });
    const store = new LocalBlobStore(path.join(work, "src-blobs"));
    let result: Omit<ExportBenchResult, "importSeconds" | "load" | "cores" | "server">;
    try {
      log(`writing ${BLOBS} × ${BLOB_MIB} MiB through the local store`);
      const blobs: { sha256: string; size: number }[] = [];
      for (let i = 0; i < BLOBS; i++) {
        const seed = crypto.randomBytes(4 << 20);
        const body = (async function* () {
          for (let c = 0; c < BLOB_MIB / 4; c++) {
            const chunk = Buffer.from(seed);
            chunk.writeUInt32LE(i, 0);
            chunk.writeUInt32LE(c, 4);
            yield new Uint8Array(chunk);
          }
        })();
        const put = await store.put(body);
        blobs.push({ sha256: put.sha256, size: put.size });
      }
      log(`seeding ${VERSIONS} versions with generate_series`);
      const sql = postgres(`${PG}/${names[0]}`, { max: 1, onnotice: () => {} });
      try {
        await sql.begin(async (tx) => {
          const [u] = await tx`insert into users (username, email, password_hash) values ('bench', 'bench@example.com', 'x') returning id`;
          const [o] = await tx`insert into organizations (name) values ('bench') returning id`;
          await tx`insert into memberships (org_id, user_id, role) values (${o.id}, ${u.id}, 'owner')`;
          const [p] = await tx`insert into projects (org_id, name, created_by_id, is_public) values (${o.id}, 'big', ${u.id}, true) returning id`;
          await tx`
            insert into versions (project_id, name, name_number, description, tags, meta_info, created_by_id, created_at, updated_at)
            select ${p.id}, 'v' || g, g, 'weekly retrain ' || g, array['bench', 'v' || (g % 7)],
                   jsonb_build_object('framework', 'xgboost', 'metrics', jsonb_build_object('accuracy', 0.9 + (g % 100) / 1000.0, 'auc', 0.95), 'params', jsonb_build_object('depth', g % 12)),
                   ${u.id}, now() - (${VERSIONS} - g) * interval '1 minute', now() - (${VERSIONS} - g) * interval '1 minute'
            from generate_series(1, ${VERSIONS}) g`;
          await tx`insert into stage_conditions (version_id, type, reason, message, actor_id, created_at)
            select id, 'testing', 'registered', 'registered by the benchmark', ${u.id}, created_at from versions`;
          await tx`insert into activities (org_id, project_id, actor_id, verb, target, details, created_at)
            select ${o.id}, ${p.id}, ${u.id}, 'version.created', name, jsonb_build_object('kind', 'model'), created_at from versions`;
          await tx`insert into files (version_id, path, size, sha256, created_by_id, created_at)
            select v.id, 'model.bin', b.size, b.sha256, ${u.id}, v.created_at
            from versions v join (select (ord - 1) as i, sha256, size from unnest(${blobs.map((b) => b.sha256)}::text[], ${blobs.map((b) => b.size)}::bigint[]) with ordinality as x(sha256, size, ord)) b
              on b.i = v.id % ${blobs.length}`;
        });
      } finally {
        await sql.end();
      }

      execFileSync("sync");
      log("cp -r of the blob folder");
      let t = process.hrtime.bigint();
      execFileSync("cp", ["-r", store.root, path.join(work, "cp-blobs")]);
      const cpSeconds = since(t);
      fs.rmSync(path.join(work, "cp-blobs"), { recursive: true, force: true });

      execFileSync("sync");
      log("export");
      t = process.hrtime.bigint();
      let tablesSeconds = 0;
      const manifest = await exportInstall({
        out: path.join(work, "export"),
        db: rawDb(src.client),
        store,
        source: { database: "postgresql", store: store.url },
        log: (line) => {
          if (line.endsWith(" rows")) tablesSeconds = since(t);
        },
      });
      const exportSeconds = since(t);
      result = {
        versions: VERSIONS,
        rows: manifest.totals.rows,
        tableBytes: Object.values(manifest.tables).reduce((n, x) => n + x.bytes, 0),
        blobs: manifest.totals.blobs,
        blobBytes: manifest.totals.blob_bytes,
        exportSeconds,
        tablesSeconds,
        cpSeconds,
        sha256MBps: sha256Rate(),
      };
      log(`export ${exportSeconds.toFixed(2)} s, cp -r ${cpSeconds.toFixed(2)} s`);
    } finally {
      await src.close();
    }
    fs.rmSync(store.root, { recursive: true, force: true });

    execFileSync("sync");
    log("import into a second database and store");
    const dst = await openDatabase({ url: `${PG}/${names[1]}` });
    let importSeconds: number;
    try {
      const t = process.hrtime.bigint();
      await importInstall({ dir: path.join(work, "export"), db: rawDb(dst.client), store: new LocalBlobStore(path.join(work, "dst-blobs")) });
      importSeconds = since(t);
    } finally {
      await dst.close();
    }
    log(`import ${importSeconds.toFixed(2)} s`);
    return { ...result, importSeconds, server: String(version).split(" on ")[0], load: { before: loadBefore, after: os.loadavg() }, cores: os.cpus().length };
  } finally {
    for (const n of names) await admin.unsafe(`drop database if exists "${n}" with (force)`).catch(() => {});
    await admin.end();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

export function exportResultsMarkdown(r: ExportBenchResult): string {
  const rate = (bytes: number, s: number) => `${(mb(bytes) / s).toFixed(0)} MB/s`;
  const la = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(" / ");
  return [
    "<!-- export:begin -->",
    "## Export and import (`npm run export` / `npm run import`)",
    "",
    `${r.server}, ${r.cores} cores shared with other work; load average (1/5/15 min) ${la(r.load.before)} before, ${la(r.load.after)} after.`,
    `An install of ${r.versions.toLocaleString("en")} versions (each with a stage condition, an activity and a file row: ${r.rows.toLocaleString("en")} rows,`,
    `${mb(r.tableBytes).toFixed(1)} MB of NDJSON) and ${r.blobs} blobs of ${(r.blobBytes / r.blobs / (1 << 20)).toFixed(0)} MiB (${(r.blobBytes / (1 << 30)).toFixed(2)} GiB) in the local store; the blobs were`,
    "just written, so every run reads them from the page cache. On this shared machine the figures vary between runs by 2× and more",
    "(the load average says why): compare steps of one run, not runs.",
    "",
    "| step | time | throughput (blob bytes) |",
    "|---|---|---|",
    `| \`cp -r\` of the blob folder (no hashing) | ${r.cpSeconds.toFixed(2)} s | ${rate(r.blobBytes, r.cpSeconds)} |`,
    `| export: one snapshot transaction, cursors of 1,000 rows, every blob streamed and hashed | ${r.exportSeconds.toFixed(2)} s | ${rate(r.blobBytes, r.exportSeconds)} |`,
    `| … of which the tables (${r.rows.toLocaleString("en")} rows) | ${r.tablesSeconds.toFixed(2)} s | |`,
    `| … of which the blobs | ${(r.exportSeconds - r.tablesSeconds).toFixed(2)} s | ${rate(r.blobBytes, r.exportSeconds - r.tablesSeconds)} |`,
    `| import into an empty database and store: one transaction, blobs hashed and fsynced | ${r.importSeconds.toFixed(2)} s | ${rate(r.blobBytes, r.importSeconds)} |`,
    "",
    `The export costs ${(r.exportSeconds / r.cpSeconds).toFixed(1)}× a plain copy: it hashes every byte (sha256 alone: ${r.sha256MBps.toFixed(0)} MB/s on one core here,`,
    "measured in the same run) and reads the rows through the database; the import also fsyncs every blob before it takes its name, as",
    "every upload does.",
    "",
    "Reproduce: `npm run bench export` (or `npx tsx --conditions=react-server bench/export.ts`).",
    "<!-- export:end -->",
  ].join("\n");
}

export function writeExportResults(markdown: string): void {
  writeSection("export", markdown);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const md = exportResultsMarkdown(await runExportBench());
  console.log(md);
  writeExportResults(md);
}
