// A fresh, migrated database per test file: in-memory PGlite, or — when DATABASE_URL is set — a new
// database on that PostgreSQL server, dropped afterwards. Test files never share state.
import crypto from "node:crypto";
import postgres from "postgres";
import { openDatabase, type DB } from "@/db";

export type TestDb = { db: DB; close: () => Promise<void>; url?: string };

export async function createTestDb(): Promise<TestDb> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const handle = await openDatabase({});
    return { db: handle.db, close: handle.close };
  }
  const name = `modelreg_t_${crypto.randomBytes(6).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString() });
  return {
    db: handle.db,
    url: url.toString(),
    close: async () => {
      await handle.close();
      const a = postgres(base, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists "${name}" with (force)`);
      await a.end();
    },
  };
}

export const onServer = () => Boolean(process.env.DATABASE_URL);
