// Test fixtures for version files: a test database installed as the process database (so route
// handlers run in-process against it), the access world with one version per project, API tokens
// for every actor, and a blob store in a temporary folder chosen through the environment.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { projects, versions, type Stage } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { buildAccessWorld, PROJECT_NAMES, type AccessWorld, type ActorName, type ProjectName } from "@/lib/testing/access-world";
import { createToken } from "./tokens";
import type { DB } from "@/db";

export type FilesWorld = {
  t: TestDb;
  w: AccessWorld;
  /** A folder that holds the store and, beside it, a sentinel file that must never be touched. */
  sandbox: string;
  blobRoot: string;
  sentinel: string;
  tokens: Partial<Record<ActorName, string>>;
  versionIds: Record<ProjectName, number>;
  close(): Promise<void>;
};

export async function buildFilesWorld(prefix = "fw"): Promise<FilesWorld> {
  const t = await createTestDb();
  (globalThis as unknown as { __modelregDb?: Promise<{ db: DB; close: () => Promise<void> }> }).__modelregDb = Promise.resolve({
    db: t.db,
    close: async () => {},
  });
  const sandbox = fs.mkdtempSync(path.join(os.tmpdir(), "modelreg-files-"));
  const blobRoot = path.join(sandbox, "data", "blobs");
  const sentinel = path.join(sandbox, "secret.txt");
  fs.writeFileSync(sentinel, `top secret ${crypto.randomBytes(8).toString("hex")}`);
  process.env.MODELREG_DATA_DIR = path.join(sandbox, "data");
  delete process.env.STORAGE_URL;

  const w = await buildAccessWorld(t.db, prefix);
  const versionIds = {} as Record<ProjectName, number>;
  for (const p of PROJECT_NAMES) versionIds[p] = await makeVersion(t.db, w.projectIds[p], "v1");
  const tokens: Partial<Record<ActorName, string>> = {};
  for (const [name, user] of Object.entries(w.users)) {
    tokens[name as ActorName] = (await createToken(t.db, user, { name: "files tests" })).token;
  }
  return {
    t,
    w,
    sandbox,
    blobRoot,
    sentinel,
    tokens,
    versionIds,
    close: async () => {
      await t.close();
      fs.rmSync(sandbox, { recursive: true, force: true });
    },
  };
}

export async function makeVersion(db: DB, projectId: number, name: string, stage: Stage = "testing"): Promise<number> {
  const [v] = await db.insert(versions).values({ projectId, name, stage }).returning({ id: versions.id });
  return v.id;
}

export async function setStage(db: DB, versionId: number, stage: Stage): Promise<void> {
  await db.update(versions).set({ stage }).where(eq(versions.id, versionId));
}

export async function setProtectedStages(db: DB, projectId: number, stages: Stage[]): Promise<void> {
  await db
    .update(projects)
    .set({ settings: { protectedStages: stages } })
    .where(eq(projects.id, projectId));
}

/** Every file under `dir`, relative, sorted. */
export function listTree(dir: string, base = dir): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listTree(p, base));
    else out.push(path.relative(base, p));
  }
  return out.sort();
}

export const sha256 = (b: Buffer | string) => crypto.createHash("sha256").update(b).digest("hex");

export async function* bodyOf(buf: Buffer, chunk = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < buf.length; i += chunk) yield buf.subarray(i, i + chunk);
}
