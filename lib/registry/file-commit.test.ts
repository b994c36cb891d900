// Commits of several file changes: a new version from a base version's files, or an existing version changed;
// whole or not at all, with every rule of uploads (permissions, protected stages, limits) and no stray blobs.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { files, organizations, projects, versions } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { addMember, makeOrg, makeUser } from "@/lib/testing/fixtures";
import type { UserActor } from "./actor";
import { ConflictError, ForbiddenError, InvalidError, NotFoundError, TooLargeError } from "./errors";
import { commitFiles, type CommitOperation } from "./file-commit";
import { getBlobStore } from "@/lib/storage";

let t: TestDb;
let owner: UserActor;
let member: UserActor;
let viewer: UserActor;
let sandbox: string;
const org = "fc-org";
const sha = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");
const put = (p: string, b: Buffer): CommitOperation => ({
  op: "put",
  path: p,
  size: b.length,
  body: (async function* () {
    yield new Uint8Array(b);
  })(),
});

beforeAll(async () => {
  t = await createTestDb();
  sandbox = fs.mkdtempSync(path.join(os.tmpdir(), "modelreg-fc-"));
  process.env.MODELREG_DATA_DIR = path.join(sandbox, "data");
  delete process.env.STORAGE_URL;
  owner = await makeUser(t.db, "fc-owner");
  member = await makeUser(t.db, "fc-member");
  viewer = await makeUser(t.db, "fc-viewer");
  const orgId = await makeOrg(t.db, org, owner);
  await addMember(t.db, orgId, member, "member");
  await addMember(t.db, orgId, viewer, "viewer");
  const [o] = await t.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, org));
  await t.db.insert(projects).values({ orgId: o.id, name: "m", isPublic: false, settings: { protectedStages: ["production"] } });
});
afterAll(async () => {
  await t.close();
  fs.rmSync(sandbox, { recursive: true, force: true });
});

async function filesOf(name: string): Promise<string[]> {
  const rows = await t.db
    .select({ path: files.path })
    .from(files)
    .innerJoin(versions, eq(versions.id, files.versionId))
    .innerJoin(projects, eq(projects.id, versions.projectId))
    .where(and(eq(projects.name, "m"), eq(versions.name, name)));
  return rows.map((r) => r.path).sort();
}

const commit = (actor: UserActor, target: Parameters<typeof commitFiles>[2]["target"], operations: CommitOperation[]) =>
  commitFiles(t.db, actor, { owner: org, project: "m", target, operations, summary: "test" });

describe("commitFiles", () => {
  it("registers v1, then v2 from v1's files with changes; an existing version changes in place", async () => {
    const a = crypto.randomBytes(10);
    const r1 = await commit(member, { kind: "new", baseVersionId: null }, [put("a.bin", a), put("dir/b.txt", Buffer.from("b"))]);
    expect(r1).toMatchObject({ version: "v1", created: true });
    const r2 = await commit(member, { kind: "new", baseVersionId: r1.versionId }, [{ op: "delete", path: "a.bin" }, put("c.txt", Buffer.from("c"))]);
    expect(r2.version).toBe("v2");
    expect(await filesOf("v1")).toEqual(["a.bin", "dir/b.txt"]);
    expect(await filesOf("v2")).toEqual(["c.txt", "dir/b.txt"]);
    await commit(member, { kind: "existing", version: "v1" }, [put("d.txt", Buffer.from("d"))]);
    expect(await filesOf("v1")).toEqual(["a.bin", "d.txt", "dir/b.txt"]);
    await commit(owner, { kind: "existing", version: "v1" }, [{ op: "deleteFolder", path: "dir" }]);
    expect(await filesOf("v1")).toEqual(["a.bin", "d.txt"]);
  });

  it("lands whole or not at all: a bad operation leaves no version and no new blob", async () => {
    const fresh = crypto.randomBytes(64);
    const before = await t.db.select({ id: versions.id }).from(versions);
    const bad = commit(member, { kind: "new", baseVersionId: null }, [
      put("ok.bin", fresh),
      { op: "putStored", path: "x.bin", sha256: "f".repeat(64), size: 3 },
    ]);
    await expect(bad).rejects.toBeInstanceOf(InvalidError);
    expect(await t.db.select({ id: versions.id }).from(versions)).toHaveLength(before.length);
    expect(await getBlobStore().exists(sha(fresh))).toBe(false);
    await expect(
      commit(owner, { kind: "existing", version: "v1" }, [{ op: "delete", path: "nope.txt" }, put("e.txt", Buffer.from("e"))]),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await filesOf("v1")).toEqual(["a.bin", "d.txt"]);
    await expect(commit(member, { kind: "new", baseVersionId: null }, [put("a", Buffer.from("1")), put("a", Buffer.from("2"))])).rejects.toBeInstanceOf(
      InvalidError,
    );
    await expect(commit(member, { kind: "new", baseVersionId: null }, [put("../x", Buffer.from("1"))])).rejects.toBeInstanceOf(InvalidError);
  });

  it("keeps every upload rule: viewer 403, member deleting 403, protected stage 403/409, size limits 413", async () => {
    await expect(commit(viewer, { kind: "new", baseVersionId: null }, [put("v.txt", Buffer.from("v"))])).rejects.toBeInstanceOf(ForbiddenError);
    await expect(commit(member, { kind: "existing", version: "v1" }, [{ op: "delete", path: "a.bin" }])).rejects.toBeInstanceOf(ForbiddenError);
    await t.db.update(versions).set({ stage: "production" }).where(eq(versions.name, "v2"));
    await expect(commit(member, { kind: "existing", version: "v2" }, [put("p.txt", Buffer.from("p"))])).rejects.toBeInstanceOf(ForbiddenError);
    await expect(commit(owner, { kind: "existing", version: "v2" }, [put("p.txt", Buffer.from("p"))])).rejects.toBeInstanceOf(ConflictError);
    process.env.MODELREG_MAX_VERSION_SIZE = "20";
    try {
      const big = crypto.randomBytes(30);
      await expect(commit(member, { kind: "new", baseVersionId: null }, [put("big.bin", big)])).rejects.toBeInstanceOf(TooLargeError);
      expect(await getBlobStore().exists(sha(big))).toBe(false);
    } finally {
      delete process.env.MODELREG_MAX_VERSION_SIZE;
    }
  });

  it("a chosen name (a branch) is registered once; taken → 409", async () => {
    const r = await commit(member, { kind: "new", baseVersionId: null, name: "rc1" }, []);
    expect(r.version).toBe("rc1");
    await expect(commit(member, { kind: "new", baseVersionId: null, name: "rc1" }, [])).rejects.toBeInstanceOf(ConflictError);
    await expect(commit(member, { kind: "new", baseVersionId: null, name: "bad name" }, [])).rejects.toBeInstanceOf(InvalidError);
  });
});
