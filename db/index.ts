// The one database client: PGlite in $MODELREG_DATA_DIR/db when DATABASE_URL is unset, postgres.js otherwise.
// Migrations run once per process, before the first query is served.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";
import { dataDir, isEmbedded, migrationsFolder } from "./config";
import { acquireEmbeddedLock } from "./embedded-lock";

export type DB = PgDatabase<PgQueryResultHKT, typeof schema>;
export { schema };

/** `client`: the driver's own client (postgres.js `Sql` or `PGlite`), for tools that need raw SQL (lib/ops). */
type Handle = { db: DB; close: () => Promise<void>; client?: unknown };

const globalForDb = globalThis as unknown as { __modelregDb?: Promise<Handle> };

/**
 * Opens a database (PGlite when `url` is undefined) and applies the migrations (unless `migrate: false`). An
 * embedded data dir is locked for this process (db/embedded-lock.ts): another process holding it is an
 * EmbeddedDbInUseError.
 */
export async function openDatabase(opts: { url?: string; pgliteDir?: string; migrate?: boolean } = {}): Promise<Handle> {
  if (opts.url) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    const client = postgres(opts.url, { onnotice: () => {}, max: Number(process.env.DATABASE_POOL_SIZE || 10) });
    const db = drizzle(client, { schema });
    // Several web processes may start at once against one server: one migrates, the others wait
    // on a session lock held by a dedicated one-connection client.
    if (opts.migrate !== false) {
      const migrator = postgres(opts.url, { onnotice: () => {}, max: 1 });
      try {
        await migrator`select pg_advisory_lock(727274)`;
        await migrate(drizzle(migrator, { schema }), { migrationsFolder: migrationsFolder() });
      } finally {
        await migrator.end({ timeout: 5 });
      }
    }
    return { db: db as unknown as DB, close: () => client.end({ timeout: 5 }), client };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  let release = () => {};
  if (opts.pgliteDir) {
    fs.mkdirSync(opts.pgliteDir, { recursive: true });
    release = acquireEmbeddedLock(opts.pgliteDir);
  }
  try {
    const client = opts.pgliteDir ? new PGlite(opts.pgliteDir, { extensions: { pg_trgm } }) : new PGlite({ extensions: { pg_trgm } });
    const db = drizzle(client, { schema });
    if (opts.migrate !== false) await migrate(db, { migrationsFolder: migrationsFolder() });
    return {
      db: db as unknown as DB,
      client,
      close: async () => {
        try {
          await client.close();
        } finally {
          release();
        }
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

/** The process-wide database, opened and migrated on first use. */
export function getDb(): Promise<DB> {
  if (!globalForDb.__modelregDb) {
    globalForDb.__modelregDb = openDatabase(isEmbedded() ? { pgliteDir: path.join(dataDir(), "db") } : { url: process.env.DATABASE_URL }).catch((err) => {
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
