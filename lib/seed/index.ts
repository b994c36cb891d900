// The demo data set (MODELREG_SEED=demo): one entry point, one section per area.
import { sql } from "drizzle-orm";
import type { DB } from "@/db";
import { runs, versions } from "@/db/schema";
import { seedAccounts } from "./accounts";
import { seedProjects } from "./projects";
import { seedRuns } from "./runs";
import { seedVersions } from "./versions";

export async function seedDemo(db: DB, password: string): Promise<void> {
  const accounts = await seedAccounts(db, password);
  await seedProjects(db, accounts);
  const runUuids = await seedRuns(db, accounts);
  await seedVersions(db, accounts, runUuids);
  await markPromoted(db);
}

export { DEMO_USERS } from "./accounts";

/** The seeded versions were registered with their run: flag those runs as promoted, as promotion does. */
async function markPromoted(db: DB): Promise<void> {
  await db
    .update(runs)
    .set({ metaInfo: sql`${runs.metaInfo} || '{"is_promoted": true}'::jsonb` })
    .where(sql`exists(select 1 from ${versions} where ${versions.runId} = ${runs.id})`);
}
