// Deleting a version, a model or an organization takes its files' blobs with it, except blobs another
// file still references (content addressing shares them across versions, models and organizations).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { files } from "@/db/schema";
import { LocalBlobStore } from "@/lib/storage";
import { uploadFile } from "./files";
import { bodyOf, buildFilesWorld, makeVersion, sha256, type FilesWorld } from "./files.testing";
import { createOrganization, deleteOrganization } from "./orgs";
import { createProject, deleteProject } from "./projects";
import { deleteVersion } from "./versions";

let fw: FilesWorld;
let store: LocalBlobStore;
beforeAll(async () => {
  fw = await buildFilesWorld("gc");
  // The deleters collect through the process-wide store: the files world points it at its sandbox.
  store = new LocalBlobStore(fw.blobRoot);
});
afterAll(async () => fw.close());

const hasBlob = (sha: string) => fs.existsSync(path.join(fw.blobRoot, sha.slice(0, 2), sha.slice(2, 4), sha));
const owner = () => fw.w.actors.owner;

async function upload(owner: string, project: string, version: string, file: string, body: Buffer) {
  return uploadFile(fw.t.db, fw.w.actors.owner, { owner, project, kind: "model", version, path: file, body: bodyOf(body) }, store);
}

/** A model in `org` with one version v1, for the actor that owns the world's org. */
async function model(org: string, name: string) {
  const access = await createProject(fw.t.db, owner(), org, { name });
  await makeVersion(fw.t.db, access.project.id, "v1");
  return access.project.id;
}

describe("blobs go with what held them, unless shared", () => {
  it("deleting a model collects its own blobs and keeps the ones another model shares", async () => {
    await model(fw.w.org, "gc-model");
    const own = crypto.randomBytes(5000);
    const shared = crypto.randomBytes(5000);
    await upload(fw.w.org, "gc-model", "v1", "own.bin", own);
    await upload(fw.w.org, "gc-model", "v1", "shared.bin", shared);
    await upload(fw.w.org, "private", "v1", "shared-too.bin", shared);
    expect(hasBlob(sha256(own)) && hasBlob(sha256(shared))).toBe(true);

    await deleteProject(fw.t.db, owner(), fw.w.org, "gc-model");
    expect(hasBlob(sha256(own))).toBe(false);
    expect(hasBlob(sha256(shared))).toBe(true);
    expect(
      await fw.t.db
        .select()
        .from(files)
        .where(eq(files.sha256, sha256(own))),
    ).toEqual([]);
  });

  it("deleting an organization collects the blobs of all its models", async () => {
    const org = await createOrganization(fw.t.db, owner(), { name: "gc-doomed" });
    await model(org.name, "a");
    await model(org.name, "b");
    const a = crypto.randomBytes(3000);
    const b = crypto.randomBytes(3000);
    const kept = crypto.randomBytes(3000);
    await upload(org.name, "a", "v1", "a.bin", a);
    await upload(org.name, "b", "v1", "b.bin", b);
    await upload(org.name, "b", "v1", "kept.bin", kept);
    await upload(fw.w.org, "private", "v1", "kept-elsewhere.bin", kept);

    await deleteOrganization(fw.t.db, owner(), org.name, { confirmName: org.name });
    expect(hasBlob(sha256(a))).toBe(false);
    expect(hasBlob(sha256(b))).toBe(false);
    expect(hasBlob(sha256(kept))).toBe(true);
  });

  it("deleting a version collects only the blobs no other version references", async () => {
    await model(fw.w.org, "gc-versions");
    const id2 = await makeVersion(fw.t.db, (await createProject(fw.t.db, owner(), fw.w.org, { name: "gc-other" })).project.id, "v1");
    expect(id2).toBeGreaterThan(0);
    const only = crypto.randomBytes(2000);
    const both = crypto.randomBytes(2000);
    await upload(fw.w.org, "gc-versions", "v1", "only.bin", only);
    await upload(fw.w.org, "gc-versions", "v1", "both.bin", both);
    await upload(fw.w.org, "gc-other", "v1", "both.bin", both);
    await deleteVersion(fw.t.db, owner(), fw.w.org, "gc-versions", "model", "v1");
    expect(hasBlob(sha256(only))).toBe(false);
    expect(hasBlob(sha256(both))).toBe(true);
  });
});
