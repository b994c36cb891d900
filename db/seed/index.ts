// The demo data set (MODELREG_SEED=demo): one entry point, one section per area.
import type { DB } from "@/db";
import { seedAccounts } from "./accounts";

export async function seedDemo(db: DB, password: string): Promise<void> {
  await seedAccounts(db, password);
}

export { DEMO_USERS } from "./accounts";
