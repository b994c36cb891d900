// `npm run db:migrate`: applies the migrations to the configured database and exits.
import { EmbeddedDbInUseError } from "./embedded-lock";
import { closeDb, getDb } from "./index";

try {
  await getDb();
} catch (err) {
  if (!(err instanceof EmbeddedDbInUseError)) throw err;
  console.error(`db:migrate: ${err.message}: stop the server first (it migrates at start anyway).`);
  process.exit(1);
}
await closeDb();
console.log(`Migrations applied (${process.env.DATABASE_URL ? "PostgreSQL server" : "embedded database"}).`);
