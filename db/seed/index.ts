// The demo data set (MODELREG_SEED=demo): one entry point, one section per area.
import type { DB } from "@/db";
import { seedAccounts } from "./accounts";
import { seedProjects } from "./projects";
import { seedVersions } from "./versions";

export async function seedDemo(db: DB, password: string): Promise<void> {
  const accounts = await seedAccounts(db, password);
  await seedProjects(db, accounts);
  await seedVersions(db, accounts);
}

export { DEMO_USERS } from "./accounts";
