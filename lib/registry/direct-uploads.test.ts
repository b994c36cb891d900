// The REST API's uploads straight to the bucket (the CLI's push): on S3 the plan hands out presigned PUTs and the
// commit records only objects read back with the declared sha256 and size; bytes the model already has need no
// upload; a local store sends everything through the app; who may upload is the file PUT's rule.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { makeOrg, makeUser, addMember } from "@/lib/testing/fixtures";
import { LocalBlobStore } from "@/lib/storage";
import { startS3TestServer, type S3TestServer } from "@/lib/storage/s3-test-server";
import { anonymous, type UserActor } from "./actor";
import { commitDirectUploads, directUploadsAvailable, planDirectUploads } from "./direct-uploads";
import { InvalidError, NotFoundError, ForbiddenError } from "./errors";
import { listFiles } from "./files";
import { registerVersion } from "./versions";
import { createProject } from "./projects";

let t: TestDb;
let s3: S3TestServer;
let dir: string;
let owner: UserActor;
let viewer: UserActor;
let outsider: UserActor;
const org = "du-org";
const sha = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");
const ref = (version = "v1") => ({ owner: org, project: "m", kind: "model", version });
const decl = (p: string, b: Buffer) => ({ path: p, size: b.length, sha256: sha(b) });

beforeAll(async () => {
  t = await createTestDb();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "modelreg-du-"));
  process.env.MODELREG_DATA_DIR = dir;
  s3 = await startS3TestServer("modelreg-du");
  owner = await makeUser(t.db, "du-owner");
  viewer = await makeUser(t.db, "du-viewer");
  outsider = await makeUser(t.db, "du-outsider");
  const orgId = await makeOrg(t.db, org, owner);
  await addMember(t.db, orgId, viewer, "viewer");
  await createProject(t.db, owner, org, { name: "m", is_public: false });
  await registerVersion(t.db, owner, org, "m", "model", { name: "v1" });
  await registerVersion(t.db, owner, org, "m", "model", { name: "v2" });
}, 60_000);
afterAll(async () => {
  await t?.close();
  await s3?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("direct uploads to S3", () => {
  it("plans presigned PUTs, then commits only what the bucket holds with the declared sha256 and size", async () => {
    const store = s3.store();
    const a = crypto.randomBytes(3000);
    const b = crypto.randomBytes(5000);
    const plan = await planDirectUploads(t.db, owner, ref(), { files: [decl("a.bin", a), decl("dir/b.bin", b)] }, store);
    expect(plan.direct).toBe(true);
    expect(plan.files.map((f) => f.action)).toEqual(["put", "put"]);
    const [pa, pb] = plan.files as { url: string }[];
    // The bytes go to the bucket, not the app; `b` goes wrong (other bytes of the same size).
    expect((await fetch(pa.url, { method: "PUT", body: a })).status).toBe(200);
    expect((await fetch(pb.url, { method: "PUT", body: crypto.randomBytes(5000) })).status).toBe(200);
    await expect(commitDirectUploads(t.db, owner, ref(), { files: [decl("a.bin", a), decl("dir/b.bin", b)] }, store)).rejects.toBeInstanceOf(InvalidError);
    // Nothing was recorded: the commit is all or nothing.
    expect((await listFiles(t.db, owner, { ...ref(), limit: 10, offset: 0 })).count).toBe(0);
    // The wrong object was deleted; sent again right, both land.
    const again = await planDirectUploads(t.db, owner, ref(), { files: [decl("a.bin", a), decl("dir/b.bin", b)] }, store);
    const byPath = Object.fromEntries(again.files.map((f) => [f.path, f]));
    expect(byPath["dir/b.bin"].action).toBe("put");
    expect((await fetch((byPath["dir/b.bin"] as { url: string }).url, { method: "PUT", body: b })).status).toBe(200);
    if (byPath["a.bin"].action === "put") expect((await fetch((byPath["a.bin"] as { url: string }).url, { method: "PUT", body: a })).status).toBe(200);
    expect(await commitDirectUploads(t.db, owner, ref(), { files: [decl("a.bin", a), decl("dir/b.bin", b)] }, store)).toEqual({ version: "v1", files: 2 });
    const listed = await listFiles(t.db, owner, { ...ref(), limit: 10, offset: 0 });
    expect(listed.results.map((f) => [f.path, f.sha256, f.size])).toEqual([
      ["a.bin", sha(a), 3000],
      ["dir/b.bin", sha(b), 5000],
    ]);
    expect(await store.exists(sha(a))).toBe(true);
    // Bytes the model has already need no upload: another version names them and commits straight away.
    const reuse = await planDirectUploads(t.db, owner, ref("v2"), { files: [decl("copy.bin", a)] }, store);
    expect(reuse).toEqual({ direct: false, files: [{ path: "copy.bin", action: "none" }] });
    expect(await commitDirectUploads(t.db, owner, ref("v2"), { files: [decl("copy.bin", a)] }, store)).toEqual({ version: "v2", files: 1 });
  });

  it("a commit naming bytes never sent is refused and records nothing", async () => {
    const store = s3.store();
    const never = crypto.randomBytes(100);
    await expect(commitDirectUploads(t.db, owner, ref("v2"), { files: [decl("never.bin", never)] }, store)).rejects.toBeInstanceOf(InvalidError);
    const listed = await listFiles(t.db, owner, { ...ref("v2"), limit: 10, offset: 0 });
    expect(listed.results.map((f) => f.path)).toEqual(["copy.bin"]);
  });

  it("the browser's uploader plans only for a model version on a store with staged uploads, when they are on", () => {
    const local = new LocalBlobStore(path.join(dir, "blobs"));
    const store = s3.store("du-available");
    expect(directUploadsAvailable("model", store)).toBe(true);
    expect(directUploadsAvailable("artifact", store)).toBe(false);
    expect(directUploadsAvailable("model", local)).toBe(false);
    vi.stubEnv("MODELREG_S3_DIRECT_UPLOAD", "0");
    try {
      expect(directUploadsAvailable("model", store)).toBe(false);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("a local store sends every new file through the app", async () => {
    const local = new LocalBlobStore(path.join(dir, "blobs"));
    const plan = await planDirectUploads(t.db, owner, ref(), { files: [decl("x.bin", crypto.randomBytes(10))] }, local);
    expect(plan).toEqual({ direct: false, files: [{ path: "x.bin", action: "app" }] });
  });

  it("refuses bad declarations with the field, and callers who may not upload", async () => {
    const store = s3.store();
    const ok = decl("ok.bin", crypto.randomBytes(10));
    await expect(planDirectUploads(t.db, owner, ref(), { files: [] }, store)).rejects.toMatchObject({ name: "InvalidError" });
    await expect(planDirectUploads(t.db, owner, ref(), { files: [{ ...ok, sha256: "xyz" }] }, store)).rejects.toThrow(/sha256/);
    await expect(planDirectUploads(t.db, owner, ref(), { files: [{ ...ok, path: "../etc/passwd" }] }, store)).rejects.toThrow(/^files\.0\.path: /);
    await expect(planDirectUploads(t.db, viewer, ref(), { files: [ok] }, store)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(planDirectUploads(t.db, outsider, ref(), { files: [ok] }, store)).rejects.toBeInstanceOf(NotFoundError);
    await expect(planDirectUploads(t.db, anonymous, ref(), { files: [ok] }, store)).rejects.toBeInstanceOf(NotFoundError);
    await expect(commitDirectUploads(t.db, viewer, ref(), { files: [ok] }, store)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(commitDirectUploads(t.db, outsider, ref(), { files: [ok] }, store)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("direct uploads: who may, before what", () => {
  it("an invisible model is a 404 whatever the body, a visible one names the field", async () => {
    for (const actor of [outsider, anonymous]) {
      await expect(planDirectUploads(t.db, actor, ref(), {}, s3.store())).rejects.toBeInstanceOf(NotFoundError);
      await expect(commitDirectUploads(t.db, actor, ref(), {}, s3.store())).rejects.toBeInstanceOf(NotFoundError);
    }
    await expect(planDirectUploads(t.db, owner, ref(), {}, s3.store())).rejects.toThrow(/^files: /);
  });
});
