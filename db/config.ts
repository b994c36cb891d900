// Where Modelreg keeps its state, from the environment (DESIGN §9).
import path from "node:path";

export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.MODELREG_DATA_DIR || "./data");
}

export function isEmbedded(): boolean {
  return !process.env.DATABASE_URL;
}

export function migrationsFolder(): string {
  return path.join(/*turbopackIgnore: true*/ process.cwd(), "db", "migrations");
}
