// The install the environment names, as the app sees it: DATABASE_URL, else the embedded PGlite in
// $MODELREG_DATA_DIR/db; STORAGE_URL (+ S3_* / AWS_*), else $MODELREG_DATA_DIR/blobs.
import fs from "node:fs";
import path from "node:path";
import { openDatabase } from "@/db";
import { dataDir } from "@/db/config";
import { EmbeddedDbInUseError } from "@/db/embedded-lock";
import { type BlobStore, LocalBlobStore, blobStoreFromUrl } from "@/lib/storage";
import { type RawDb, rawDb } from "./raw-sql";
import { OpsError } from "./snapshot";

export type Install = { db: RawDb; store: BlobStore; embedded: boolean; where: string; close: () => Promise<void> };

/**
 * Opens the install for `purpose`: an export reads the database as it is (no migrations, and an embedded one must
 * exist); an import migrates it (creating an embedded one) first.
 */
export async function openInstall(purpose: "export" | "import", env: NodeJS.ProcessEnv = process.env): Promise<Install> {
  const url = env.DATABASE_URL || undefined;
  const data = env.MODELREG_DATA_DIR ? path.resolve(env.MODELREG_DATA_DIR) : dataDir();
  const pgliteDir = url ? undefined : path.join(data, "db");
  if (pgliteDir && purpose === "export" && !fs.existsSync(path.join(pgliteDir, "PG_VERSION"))) {
    throw new OpsError(`There is no embedded database in ${pgliteDir}: set MODELREG_DATA_DIR, or DATABASE_URL for a PostgreSQL server.`);
  }
  let handle: Awaited<ReturnType<typeof openDatabase>>;
  try {
    handle = await openDatabase({ url, pgliteDir, migrate: purpose === "import" });
    // postgres.js connects lazily: a wrong URL is said here, not in the middle of the export.
    if (url && purpose === "export")
      await rawDb(handle.client)
        .transaction((tx) => tx.query("select 1"))
        .catch(async (e) => {
          await handle.close();
          throw e;
        });
  } catch (err) {
    if (err instanceof EmbeddedDbInUseError) {
      throw new OpsError(
        `The embedded database ${err.dir} is in use by process ${err.pid} (the server?): stop the server first, or ${purpose} ${purpose === "export" ? "from" : "into"} PostgreSQL.`,
      );
    }
    const msg = err instanceof Error ? err.message : String(err);
    throw new OpsError(`Could not open the database (${url ? redact(url) : pgliteDir}): ${msg}`);
  }
  return {
    db: rawDb(handle.client),
    store: env.STORAGE_URL ? blobStoreFromUrl(env.STORAGE_URL, env) : new LocalBlobStore(path.join(data, "blobs")),
    embedded: !url,
    where: url ? `PostgreSQL ${redact(url)}` : `embedded ${pgliteDir}`,
    close: handle.close,
  };
}

/** The URL without its password. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(DATABASE_URL)";
  }
}
