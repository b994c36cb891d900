// The sweep of uncommitted LFS uploads: a blob received more than a day ago that no file references goes; one a
// file references, or received within the day, stays; staged S3 objects older than the cutoff go.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { activities, organizations, projects } from "@/db/schema";
import { makeOrg, makeUser } from "@/lib/testing/fixtures";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { LocalBlobStore } from "@/lib/storage";
import { startS3TestServer, type S3TestServer } from "@/lib/storage/s3-test-server";
import { loadProjectAccess } from "./access";
import type { UserActor } from "./actor";
import { commitFiles } from "./file-commit";
import { planUploads, receiveGrantedUpload, stagingId } from "./upload-grants";
import { sweepUncommittedUploads } from "./upload-sweep";

let t: TestDb;
let dir: string;
let store: LocalBlobStore;
let s3: S3TestServer;
let owner: UserActor;
const sha = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");
const body = (b: Buffer) =>
  (async function* () {
    yield new Uint8Array(b);
  })();

beforeAll(async () => {
  t = await createTestDb();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "modelreg-sweep-"));
  process.env.MODELREG_DATA_DIR = dir;
  store = new LocalBlobStore(path.join(dir, "blobs"));
  s3 = await startS3TestServer("modelreg-sweep");
  owner = await makeUser(t.db, "sweep-owner");
  const orgId = await makeOrg(t.db, "sweep-org", owner);
  await t.db.insert(projects).values({ orgId, name: "m", isPublic: false });
}, 60_000);
afterAll(async () => {
  await t?.close();
  await s3?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function receive(bytes: Buffer): Promise<void> {
  const access = await loadProjectAccess(t.db, owner, "sweep-org", "m");
  const [plan] = await planUploads(t.db, access, owner, [{ oid: sha(bytes), size: bytes.length }], store);
  if (!("grant" in plan)) throw new Error("no grant");
  await receiveGrantedUpload(t.db, plan.grant, body(bytes), bytes.length, store);
}
const age = (sha256: string, days: number) =>
  t.db
    .update(activities)
    .set({ createdAt: sql`now() - ${`${days} days`}::interval` })
    .where(eq(activities.target, sha256));

describe("sweepUncommittedUploads", () => {
  it("collects old uncommitted receipts only; committed or recent ones stay", async () => {
    const old = crypto.randomBytes(5000);
    const recent = crypto.randomBytes(5000);
    const committed = crypto.randomBytes(5000);
    for (const b of [old, recent, committed]) await receive(b);
    await commitFiles(
      t.db,
      owner,
      {
        owner: "sweep-org",
        project: "m",
        target: { kind: "new", baseVersionId: null },
        operations: [{ op: "putStored", path: "w.bin", sha256: sha(committed), size: committed.length }],
        summary: "",
      },
      store,
    );
    await age(sha(old), 2);
    await age(sha(committed), 2);
    const r = await sweepUncommittedUploads(t.db, store);
    expect(r).toEqual({ blobs: 1, staged: 0 });
    expect(await store.exists(sha(old))).toBe(false);
    expect(await store.exists(sha(recent))).toBe(true);
    expect(await store.exists(sha(committed))).toBe(true);
    expect(await sweepUncommittedUploads(t.db, store)).toEqual({ blobs: 0, staged: 0 }); // idempotent
  });

  it("deletes staged S3 objects older than the cutoff, never blobs", async () => {
    const s = s3.store();
    const [p] = await t.db
      .select({ uuid: projects.uuid })
      .from(projects)
      .innerJoin(organizations, eq(organizations.id, projects.orgId))
      .where(eq(organizations.name, "sweep-org"));
    const bytes = crypto.randomBytes(4096);
    const href = await s.staged.presignPut(stagingId(p.uuid, owner.userId, sha(bytes)), bytes.length, 60);
    expect((await fetch(href, { method: "PUT", body: bytes })).status).toBe(200);
    const kept = await s.put(body(crypto.randomBytes(100)));
    expect(await sweepUncommittedUploads(t.db, s)).toEqual({ blobs: 0, staged: 0 }); // just uploaded: kept
    const later = new Date(Date.now() + 3 * 24 * 3600 * 1000);
    expect(await sweepUncommittedUploads(t.db, s, { now: later })).toEqual({ blobs: 0, staged: 1 });
    expect(await s.staged.stat(stagingId(p.uuid, owner.userId, sha(bytes)))).toBeNull();
    expect(await s.exists(kept.sha256)).toBe(true);
  });
});
