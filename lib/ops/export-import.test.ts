// Export and import end to end: the demo (plus an access token, an uploaded file, an alias and a deleted model)
// in an embedded install with a local store, exported, imported into a fresh PostgreSQL database and an S3 store
// (s3rver); the REST API answers the same there, byte for byte. And the refusals: an embedded database in use,
// a non-empty target, a tampered blob or table file, a manifest of another migration — each leaving nothing.
//
// Needs a PostgreSQL server: DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres; skipped (saying so)
// when none answers.
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DB } from "@/db";
import { callPath, useDbForRoutes } from "@/lib/api/route-testing";
import { userActor } from "@/lib/registry/actor";
import { setAlias } from "@/lib/registry/aliases";
import { uploadFile } from "@/lib/registry/files";
import { createProject, deleteProject } from "@/lib/registry/projects";
import { createToken } from "@/lib/registry/tokens";
import { findUser } from "@/lib/registry/users";
import { registerVersion } from "@/lib/registry/versions";
import { seedDemo } from "@/lib/seed";
import { startS3TestServer, type S3TestServer } from "@/lib/storage/s3-test-server";
import { openInstall } from "./env";
import { exportInstall } from "./export";
import { importInstall, storeIsEmpty } from "./import";
import type { RawDb } from "./raw-sql";
import { type Manifest, blobPath } from "./snapshot";

const SERVER = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";

async function serverAnswers(): Promise<string | null> {
  const sql = postgres(SERVER, { max: 1, onnotice: () => {}, connect_timeout: 3 });
  try {
    await sql`select 1`;
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}
const unreachable = await serverAnswers();
if (unreachable) console.warn(`[export-import.test] skipped: no PostgreSQL server answers at ${SERVER} (${unreachable}); set DATABASE_URL`);

const body = (b: Buffer) =>
  (async function* () {
    for (let i = 0; i < b.length; i += 1 << 20) yield new Uint8Array(b.subarray(i, i + (1 << 20)));
  })();

/** Databases made on the server for this run, dropped at the end. */
const made: string[] = [];
async function freshDatabase(): Promise<string> {
  const name = `modelreg_exp_${crypto.randomBytes(5).toString("hex")}`;
  const admin = postgres(SERVER, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  made.push(name);
  const u = new URL(SERVER);
  u.pathname = `/${name}`;
  return u.toString();
}

describe.skipIf(Boolean(unreachable))("export → import: embedded + local store → PostgreSQL + S3", () => {
  let sandbox: string;
  let s3: S3TestServer;
  let exportDir: string;
  let manifest: Manifest;
  let token: string;
  let before: Record<string, Answer>;
  const savedEnv = { ...process.env };
  const deletedProjectId = { id: 0 };

  const srcEnv = () => ({ ...savedEnv, DATABASE_URL: "", STORAGE_URL: "", MODELREG_DATA_DIR: path.join(sandbox, "src") });
  const s3Env = (url: string, prefix: string) => ({
    ...savedEnv,
    DATABASE_URL: url,
    STORAGE_URL: `s3://${s3.bucket}/${prefix}`,
    S3_ENDPOINT: s3.endpoint,
    S3_FORCE_PATH_STYLE: "true",
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
    AWS_REGION: "us-east-1",
  });
  /** Points the process (getDb for the routes, getBlobStore for file bytes) at an install. */
  const pointAt = (env: NodeJS.ProcessEnv) => {
    for (const k of [
      "DATABASE_URL",
      "STORAGE_URL",
      "MODELREG_DATA_DIR",
      "S3_ENDPOINT",
      "S3_FORCE_PATH_STYLE",
      "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY",
      "AWS_REGION",
    ]) {
      if (env[k]) process.env[k] = env[k];
      else delete process.env[k];
    }
  };

  beforeAll(async () => {
    sandbox = fs.mkdtempSync(path.join(os.tmpdir(), "modelreg-export-"));
    exportDir = path.join(sandbox, "export");
    s3 = await startS3TestServer("modelreg-export");
    pointAt(srcEnv());
    const src = await openDatabase({ pgliteDir: path.join(sandbox, "src", "db") });
    try {
      await seedDemo(src.db, "demo-password-123");
      const u = await findUser(src.db, "demo");
      const demo = userActor(u?.id ?? 0, "demo");
      token = (await createToken(src.db, demo, { name: "export test" })).token;
      await registerVersion(src.db, demo, "acme", "churn", "model", { name: "exported", description: "registered for the export test" });
      const big = crypto.randomBytes(3 * (1 << 20) + 17);
      for (const [p, b] of [
        ["weights/model.bin", big],
        ["notes.txt", Buffer.from("an uploaded file\n")],
      ] as const) {
        await uploadFile(src.db, demo, {
          owner: "acme",
          project: "churn",
          kind: "model",
          version: "exported",
          path: p,
          body: body(b),
          contentLength: b.length,
        });
      }
      await setAlias(src.db, demo, "acme", "fraud-detector", "champion", { version: "v12", reason: "best AUC" });
      // A model deleted before the export: its id must never be handed out again after the import.
      deletedProjectId.id = (await createProject(src.db, demo, "acme", { name: "scratch" })).project.id;
      await deleteProject(src.db, demo, "acme", "scratch");
      before = await collect(src.db, token);
      // The answers compared are real ones: the token works, private models answer it and 404 signed out.
      const statuses = Object.fromEntries(Object.entries(before).map(([k, a]) => [k, a.status]));
      const expected = (k: string) => (k === "anon /api/v1/orgs" ? 401 : /^anon \/api\/v1\/acme\/(churn|vision-classifier|training)\b/.test(k) ? 404 : 200);
      expect(statuses).toEqual(Object.fromEntries(Object.keys(statuses).map((k) => [k, expected(k)])));
      expect((before["token /api/v1/users"].body as { username: string }).username).toBe("demo");
      expect(before["token /api/v1/acme/churn/versions/model/exported/files/weights/model.bin"].headers["content-length"]).toBe(String(3 * (1 << 20) + 17));

      // While the install is open (as a running server holds it), the CLI refuses in one line.
      const r = await runCli(["export", "--out", path.join(sandbox, "refused")], srcEnv());
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(
        /^export: The embedded database .* is in use by process \d+ \(the server\?\): stop the server first, or export from PostgreSQL\.$/m,
      );
      expect(fs.existsSync(path.join(sandbox, "refused", "manifest.json"))).toBe(false);
    } finally {
      await src.close();
    }

    const install = await openInstall("export", srcEnv());
    try {
      manifest = await exportInstall({ out: exportDir, db: install.db, store: install.store, source: { database: "embedded", store: install.store.url } });
    } finally {
      await install.close();
    }
  }, 240_000);

  afterAll(async () => {
    pointAt(savedEnv);
    await s3?.close();
    const admin = postgres(SERVER, { max: 1, onnotice: () => {} });
    for (const name of made) await admin.unsafe(`drop database if exists "${name}" with (force)`).catch(() => {});
    await admin.end();
    if (sandbox) fs.rmSync(sandbox, { recursive: true, force: true });
  });

  it("writes a manifest with every table's rows and sha256, the migration, and every blob", () => {
    expect(manifest.migration.tag).toMatch(/^\d{4}_/);
    expect(manifest.tables.versions.rows).toBeGreaterThanOrEqual(13);
    expect(manifest.tables.api_tokens.rows).toBe(1);
    expect(manifest.tables.model_aliases.rows).toBe(1);
    expect(manifest.tables).not.toHaveProperty("__drizzle_migrations");
    for (const [t, info] of Object.entries(manifest.tables)) {
      const text = fs.readFileSync(path.join(exportDir, info.file));
      expect(crypto.createHash("sha256").update(text).digest("hex"), t).toBe(info.sha256);
      expect(text.toString("utf8").split("\n").filter(Boolean)).toHaveLength(info.rows);
    }
    expect(manifest.blobs.length).toBeGreaterThanOrEqual(3);
    for (const b of manifest.blobs) {
      const bytes = fs.readFileSync(path.join(exportDir, blobPath(b.sha256)));
      expect(bytes.length).toBe(b.size);
      expect(crypto.createHash("sha256").update(bytes).digest("hex")).toBe(b.sha256);
    }
  });

  it("imports into PostgreSQL + S3, where every API answer is the same; new ids continue after the old ones", async () => {
    const url = await freshDatabase();
    const env = s3Env(url, "blobs");
    pointAt(env); // the AWS SDK reads its credentials from process.env
    const install = await openInstall("import", env);
    let summary;
    try {
      summary = await importInstall({ dir: exportDir, db: install.db, store: install.store });
      expect(await storeIsEmpty(install.store)).toBe(false);
    } finally {
      await install.close();
    }
    expect(summary.rows).toBe(manifest.totals.rows);
    expect(summary.blobs).toBe(manifest.blobs.length);

    pointAt(env);
    const dst = await openDatabase({ url });
    try {
      const after = await collect(dst.db, token);
      expect(Object.keys(after)).toEqual(Object.keys(before));
      for (const k of Object.keys(before)) expect(after[k], k).toEqual(before[k]);

      // Exported again from PostgreSQL while a version is registered mid-export (between the first table and
      // `versions`): the snapshot does not see it, and every table file is byte for byte the embedded export's
      // (PGlite and the server print rows alike) but, at most, api_tokens: the requests above move the token's
      // last_used_at when its last use is over a minute old (a slow run), and version_downloads: the file downloads
      // among them are counted.
      const u0 = await findUser(dst.db, "demo");
      const demo0 = userActor(u0?.id ?? 0, "demo");
      const install2 = await openInstall("export", { ...process.env });
      let wrote = false;
      const writing: RawDb = {
        kind: install2.db.kind,
        transaction: (fn) =>
          install2.db.transaction((tx) =>
            fn({
              query: async (text, params) => {
                if (!wrote && text.startsWith("fetch") && text.includes("modelreg_export_versions")) {
                  wrote = true;
                  await registerVersion(dst.db, demo0, "acme", "churn", "model", { name: "during-export" });
                }
                return tx.query(text, params);
              },
            }),
          ),
      };
      const again = path.join(sandbox, "export-from-postgres");
      let m2: Manifest;
      try {
        m2 = await exportInstall({ out: again, db: writing, store: install2.store, source: { database: "postgresql", store: install2.store.url } });
      } finally {
        await install2.close();
      }
      expect(wrote).toBe(true);
      expect(await rowCount(url, "versions")).toBe(manifest.tables.versions.rows + 1);
      expect(m2.tables.versions.rows).toBe(manifest.tables.versions.rows);
      expect(fs.readFileSync(path.join(again, "tables", "versions.ndjson"), "utf8")).not.toContain("during-export");
      const changed = Object.keys(manifest.tables).filter((t) => m2.tables[t].sha256 !== manifest.tables[t].sha256);
      expect(changed.filter((t) => t !== "api_tokens" && t !== "version_downloads")).toEqual([]);
      expect(m2.blobs).toEqual(manifest.blobs);
      expect(m2.migration).toEqual(manifest.migration);

      // The sequences: a new model gets an id above every id ever used, the deleted one's included.
      const u = await findUser(dst.db, "demo");
      const demo = userActor(u?.id ?? 0, "demo");
      const fresh = await createProject(dst.db, demo, "acme", { name: "after-import" });
      expect(fresh.project.id).toBeGreaterThan(deletedProjectId.id);
      await registerVersion(dst.db, demo, "acme", "after-import", "model", {});
    } finally {
      await dst.close();
      pointAt(srcEnv());
    }
  }, 120_000);

  it("imports into a fresh embedded install with a local store through the CLI, with the same answers", async () => {
    const env = { ...savedEnv, DATABASE_URL: "", STORAGE_URL: "", MODELREG_DATA_DIR: path.join(sandbox, "dst") };
    const r = await runCli(["import", exportDir], env);
    expect(r.stderr).not.toMatch(/import/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(
        `Imported ${Object.keys(manifest.tables).length} tables \\(${manifest.totals.rows} rows, every count as in the manifest\\) and ${manifest.blobs.length} blobs`,
      ),
    );
    expect(fs.existsSync(path.join(sandbox, "dst", "db.lock"))).toBe(false);
    pointAt(env);
    const dst = await openDatabase({ pgliteDir: path.join(sandbox, "dst", "db") });
    try {
      const after = await collect(dst.db, token);
      for (const k of Object.keys(before)) expect(after[k], k).toEqual(before[k]);
    } finally {
      await dst.close();
      pointAt(srcEnv());
    }
    // Again into the same, now populated, install: refused in one line.
    const again = await runCli(["import", exportDir], env);
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toMatch(/^import: The store file:\/\/.* already holds blobs: import into an empty store \(STORAGE_URL\)\.$/);
  }, 120_000);

  it("a server starting during the import waits in its migrations until the import has committed (so no demo seed)", async () => {
    const url = await freshDatabase();
    pointAt(s3Env(url, "race"));
    const install = await openInstall("import", process.env);
    let server: ReturnType<typeof openDatabase> | null = null;
    let serverOpened = false;
    const blockedUntilTheEnd: boolean[] = [];
    const watched: RawDb = {
      kind: install.db.kind,
      transaction: (fn) =>
        install.db.transaction((tx) =>
          fn({
            query: async (text, params) => {
              if (!server && text.startsWith("insert into")) {
                // What a server's start does first: open the database, migrating it under the migration lock.
                server = openDatabase({ url });
                server.then(() => {
                  serverOpened = true;
                });
                await new Promise((r) => setTimeout(r, 1500));
              }
              if (text.startsWith("select count(*)")) blockedUntilTheEnd.push(!serverOpened);
              return tx.query(text, params);
            },
          }),
        ),
    };
    try {
      await importInstall({ dir: exportDir, db: watched, store: install.store });
    } finally {
      await install.close();
      pointAt(srcEnv());
    }
    expect(blockedUntilTheEnd.length).toBe(Object.keys(manifest.tables).length);
    expect(blockedUntilTheEnd.every(Boolean)).toBe(true);
    const h = await (server as unknown as ReturnType<typeof openDatabase>);
    try {
      // The demo seed's test (lib/boot.ts): is there any user? There is — the imported ones.
      expect(await rowCount(url, "users")).toBe(manifest.tables.users.rows);
    } finally {
      await h.close();
    }
  }, 120_000);

  it("refuses a target database that is not empty, and writes nothing", async () => {
    const url = await freshDatabase();
    await importInto(url, "first", exportDir);
    const r = importInto(url, "second", exportDir);
    await expect(r).rejects.toThrow(/The target database is not empty \(table \w+ has rows\)/);
    expect(await storeIsEmpty(s3.store("second"))).toBe(true);
    expect(await rowCount(url, "versions")).toBe(manifest.tables.versions.rows);
  }, 120_000);

  it("refuses a tampered blob: the transaction rolls back and the blobs already copied are deleted", async () => {
    const bad = copyExport("tampered-blob");
    const last = manifest.blobs[manifest.blobs.length - 1];
    const file = path.join(bad, blobPath(last.sha256));
    const bytes = fs.readFileSync(file);
    bytes[0] ^= 0xff; // same size, other content
    fs.writeFileSync(file, bytes);
    const url = await freshDatabase();
    await expect(importInto(url, "tampered", bad)).rejects.toThrow(/does not match its name .*nothing was imported/);
    expect(await storeIsEmpty(s3.store("tampered"))).toBe(true);
    for (const t of ["users", "versions", "files"]) expect(await rowCount(url, t)).toBe(0);
  }, 120_000);

  it("refuses a tampered table file before writing anything", async () => {
    const bad = copyExport("tampered-table");
    fs.appendFileSync(path.join(bad, "tables", "users.ndjson"), "{}\n");
    const url = await freshDatabase();
    await expect(importInto(url, "tampered-table", bad)).rejects.toThrow(/tables\/users\.ndjson does not match the manifest/);
    expect(await rowCount(url, "users")).toBe(0);
  }, 60_000);

  it("refuses an export of another migration", async () => {
    const other = copyExport("other-migration");
    const m = JSON.parse(fs.readFileSync(path.join(other, "manifest.json"), "utf8")) as Manifest;
    m.migration = { tag: "0009_aliases", hash: "0".repeat(64), created_at: "1796184851202" };
    fs.writeFileSync(path.join(other, "manifest.json"), JSON.stringify(m));
    const url = await freshDatabase();
    await expect(importInto(url, "other", other)).rejects.toThrow(/The export was made at migration 0009_aliases; this database is at \d{4}_\w+/);
    expect(await rowCount(url, "users")).toBe(0);
    expect(await storeIsEmpty(s3.store("other"))).toBe(true);
  }, 60_000);

  async function importInto(url: string, prefix: string, dir: string) {
    pointAt(s3Env(url, prefix)); // the AWS SDK reads its credentials from process.env
    const install = await openInstall("import", process.env);
    try {
      return await importInstall({ dir, db: install.db, store: install.store });
    } finally {
      await install.close();
      pointAt(srcEnv());
    }
  }

  function copyExport(name: string): string {
    const dest = path.join(sandbox, name);
    fs.cpSync(exportDir, dest, { recursive: true });
    return dest;
  }
});

async function rowCount(url: string, table: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [r] = await sql.unsafe(`select count(*)::int as n from "${table}"`);
    return r.n as number;
  } finally {
    await sql.end();
  }
}

type Answer = { status: number; body: unknown; headers: Record<string, string | null> };

/**
 * The answers of a broad set of GET routes, signed out and with the demo owner's token. Compared whole: status,
 * body (JSON, or the bytes' sha256 for a download) and the content headers (type, length, ETag).
 */
async function collect(db: DB, token: string): Promise<Record<string, Answer>> {
  useDbForRoutes(db);
  const out: Record<string, Answer> = {};
  const get = async (p: string, auth: boolean) => {
    const r = await callPath({ path: p, token: auth ? token : undefined });
    const json = r.json;
    out[`${auth ? "token" : "anon"} ${p}`] = {
      status: r.status,
      body: json ?? crypto.createHash("sha256").update(r.text).digest("hex"),
      headers: { "content-type": r.headers.get("content-type"), "content-length": r.headers.get("content-length"), etag: r.headers.get("etag") },
    };
  };
  const fd = "/api/v1/acme/fraud-detector";
  for (const auth of [false, true]) {
    for (const p of [
      "/api/v1/orgs",
      "/api/v1/orgs/acme",
      "/api/v1/acme/projects/list",
      fd,
      `${fd}/versions/model?limit=100`,
      `${fd}/versions/model?query=stage:production|staging&sort=-created_at`,
      `${fd}/versions/model/v12`,
      `${fd}/versions/model/v12/stages`,
      `${fd}/versions/model/@champion`,
      `${fd}/versions/model/v12/files`,
      `${fd}/versions/model/v12/files/config.json`,
      `${fd}/versions/model/v3/files/model.safetensors`,
      `${fd}/aliases`,
      `${fd}/activities`,
      "/api/v1/acme/training/runs?limit=100",
      "/api/v1/acme/churn",
      "/api/v1/acme/churn/versions/model/exported/files",
      "/api/v1/acme/churn/versions/model/exported/files/weights/model.bin",
      "/api/v1/acme/churn/versions/model/exported/files/notes.txt",
      "/api/v1/acme/vision-classifier/versions/model",
    ]) {
      await get(p, auth);
    }
  }
  for (const p of ["/api/v1/users", "/api/v1/orgs/acme/activities", "/api/v1/orgs/acme/members", "/api/v1/orgs/acme/teams", "/api/v1/requests"])
    await get(p, true);
  return out;
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  const root = path.resolve(import.meta.dirname, "..", "..");
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "--conditions=react-server", path.join(root, "lib", "ops", "cli.ts"), ...args],
      { cwd: root, env: env as NodeJS.ProcessEnv, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
