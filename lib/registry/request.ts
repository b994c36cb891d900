// What pages, layouts, components and server actions use to reach the registry: the process's database as an
// opaque handle to pass to lib/registry's functions. app/ and components/ never import db/ or drizzle (the
// linter holds them to it), so every query a page causes is one written in lib/registry, beside its permission
// check.
import "server-only";
import { getDb, type DB } from "@/db";

/** The database handle for registry calls (opened and migrated on first use). */
export function registryDb(): Promise<RegistryDb> {
  return getDb();
}

export type RegistryDb = DB;
export type { ExternalRun } from "@/db/schema";
