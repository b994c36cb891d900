// `npm run db:migrate`: applies the migrations to the configured database and exits.
import { closeDb, getDb } from "./index";

await getDb();
await closeDb();
console.log(`Migrations applied (${process.env.DATABASE_URL ? "PostgreSQL server" : "embedded database"}).`);
