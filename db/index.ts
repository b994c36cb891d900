// The one database client: PGlite in $MODELREG_DATA_DIR/db when DATABASE_URL is unset, postgres.js otherwise.
// Migrations run once per process, before the first query is served.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";
import { dataDir, isEmbedded, migrationsFolder } from "./config";

export type DB = PgDatabase<PgQueryResultHKT, typeof schema>;
export { schema };

type Handle = { db: DB; close: () => Promise<void> };

const globalForDb = globalThis as unknown as { __modelregDb?: Promise<Handle> };

/** Opens a database (PGlite when `url` is undefined) and applies the migrations. */
export async function openDatabase(opts: { url?: string; pgliteDir?: string } = {}): Promise<Handle> {
  if (opts.url) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    const client = postgres(opts.url, { onnotice: () => {}, max: Number(process.env.DATABASE_POOL_SIZE || 10) });
    const db = drizzle(client, { schema });
    // Several web processes may start at once against one server: one migrates, the others wait
    // on a session lock held by a dedicated one-connection client.
    const migrator = postgres(opts.url, { onnotice: () => {}, max: 1 });
    try {
      await migrator`select pg_advisory_lock(727274)`;
      await migrate(drizzle(migrator, { schema }), { migrationsFolder: migrationsFolder() });
    } finally {
      await migrator.end({ timeout: 5 });
    }
    return { db: db as unknown as DB, close: () => client.end({ timeout: 5 }) };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  if (opts.pgliteDir) fs.mkdirSync(opts.pgliteDir, { recursive: true });
  const client = opts.pgliteDir
    ? new PGlite(opts.pgliteDir, { extensions: { pg_trgm } })
    : new PGlite({ extensions: { pg_trgm } });
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: migrationsFolder() });
  return { db: db as unknown as DB, close: () => client.close() };
}

/** The process-wide database, opened and migrated on first use. */
export function getDb(): Promise<DB> {
  if (!globalForDb.__modelregDb) {
    globalForDb.__modelregDb = openDatabase(
      isEmbedded() ? { pgliteDir: path.join(dataDir(), "db") } : { url: process.env.DATABASE_URL },
    ).catch((err) => {
      globalForDb.__modelregDb = undefined;
      throw err;
    });
  }
  return globalForDb.__modelregDb.then((h) => h.db);
}

export async function closeDb(): Promise<void> {
  const handle = globalForDb.__modelregDb;
  globalForDb.__modelregDb = undefined;
  if (handle) await (await handle).close();
}

export function ensureDataDir(): string {
  const dir = dataDir();
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
