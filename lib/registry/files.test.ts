import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { activities, files } from "@/db/schema";
import { LocalBlobStore, type BlobSource, type BlobStore } from "@/lib/storage";
import { ConflictError, ForbiddenError, InvalidError, NotFoundError, TooLargeError } from "./errors";
import { collectBlob, deleteFile, getFile, listFiles, uploadFile, versionFilesView } from "./files";
import { bodyOf, buildFilesWorld, listTree, makeVersion, setProtectedStages, setStage, sha256, type FilesWorld } from "./files.testing";

let fw: FilesWorld;
let store: LocalBlobStore;
beforeAll(async () => {
  fw = await buildFilesWorld("fr");
  store = new LocalBlobStore(fw.blobRoot);
});
afterAll(async () => fw.close());
afterEach(() => {
  delete process.env.MODELREG_MAX_FILE_SIZE;
  delete process.env.MODELREG_MAX_VERSION_SIZE;
});

let n = 0;
/** A fresh version in the private project, so tests do not see each other's files. */
async function freshVersion(stage: "testing" | "production" = "testing") {
  const name = `r${++n}`;
  const id = await makeVersion(fw.t.db, fw.w.projectIds.private, name, stage);
  return { id, ref: { owner: fw.w.org, project: "private", kind: "model", version: name } };
}

const blobs = () => listTree(fw.blobRoot).filter((f) => !f.startsWith(".tmp"));
const hasBlob = (sha: string) => fs.existsSync(path.join(fw.blobRoot, sha.slice(0, 2), sha.slice(2, 4), sha));
const member = () => fw.w.actors.member;
const admin = () => fw.w.actors.admin;

async function rowsOf(versionId: number) {
  return fw.t.db.select({ path: files.path, sha256: files.sha256 }).from(files).where(eq(files.versionId, versionId));
}

describe("upload, list, get", () => {
  it("streams a file in, records it, and lists it", async () => {
    const { id, ref } = await freshVersion();
    const body = crypto.randomBytes(200_000);
    const r = await uploadFile(fw.t.db, member(), { ...ref, path: "weights/model.safetensors", body: bodyOf(body) }, store);
    expect(r).toMatchObject({ path: "weights/model.safetensors", size: body.length, sha256: sha256(body), replaced: false });
    expect(r.contentType).toBe("application/octet-stream");
    expect(hasBlob(sha256(body))).toBe(true);
    const list = await listFiles(fw.t.db, fw.w.actors.viewer, { ...ref, limit: 10, offset: 0 });
    expect(list.count).toBe(1);
    expect(list.totalSize).toBe(body.length);
    expect(list.results[0]).toMatchObject({ path: "weights/model.safetensors", sha256: sha256(body) });
    expect(await getFile(fw.t.db, fw.w.actors.viewer, { ...ref, path: "weights/model.safetensors" })).toMatchObject({ size: body.length });
    const acts = await fw.t.db
      .select()
      .from(activities)
      .where(and(eq(activities.verb, "file.uploaded"), eq(activities.target, `model/${ref.version}/weights/model.safetensors`)));
    expect(acts).toHaveLength(1);
    expect(await rowsOf(id)).toHaveLength(1);
  });

  it("keeps a declared content type and guesses from the extension otherwise", async () => {
    const { ref } = await freshVersion();
    const a = await uploadFile(fw.t.db, member(), { ...ref, path: "config.json", body: bodyOf(Buffer.from("{}")) }, store);
    expect(a.contentType).toBe("application/json");
    const b = await uploadFile(fw.t.db, member(), { ...ref, path: "x.data", contentType: "text/csv; charset=utf-8", body: bodyOf(Buffer.from("a,b")) }, store);
    expect(b.contentType).toBe("text/csv");
  });

  it("pages the list by path", async () => {
    const { ref } = await freshVersion();
    for (const p of ["c.txt", "a.txt", "b/x.txt"]) await uploadFile(fw.t.db, member(), { ...ref, path: p, body: bodyOf(Buffer.from(p)) }, store);
    const page = await listFiles(fw.t.db, member(), { ...ref, limit: 2, offset: 1 });
    expect(page.count).toBe(3);
    expect(page.results.map((f) => f.path)).toEqual(["b/x.txt", "c.txt"]);
  });

  it("refuses an invalid path naming the rule", async () => {
    const { ref } = await freshVersion();
    const err = await uploadFile(fw.t.db, member(), { ...ref, path: "a/../b", body: bodyOf(Buffer.from("x")) }, store).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidError);
    expect(err.fieldErrors.path[0]).toMatch(/'\.\.' segments/);
  });

  it("an unknown version or kind is 404", async () => {
    const { ref } = await freshVersion();
    await expect(getFile(fw.t.db, member(), { ...ref, version: "nope", path: "a" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getFile(fw.t.db, member(), { ...ref, kind: "dataset", path: "a" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getFile(fw.t.db, member(), { ...ref, path: "missing.bin" })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("content addressing and blob garbage", () => {
  it("stores identical files once (two paths, one blob)", async () => {
    const { ref } = await freshVersion();
    const other = await freshVersion();
    const body = crypto.randomBytes(10_000);
    const before = blobs().length;
    const a = await uploadFile(fw.t.db, member(), { ...ref, path: "a.bin", body: bodyOf(body) }, store);
    const b = await uploadFile(fw.t.db, member(), { ...ref, path: "copy/a.bin", body: bodyOf(body) }, store);
    const c = await uploadFile(fw.t.db, member(), { ...other.ref, path: "a.bin", body: bodyOf(body) }, store);
    expect(a.deduplicated).toBe(false);
    expect(b.deduplicated).toBe(true);
    expect(c.deduplicated).toBe(true);
    expect(blobs().length).toBe(before + 1);
  });

  it("re-uploading a path replaces it and collects the old blob", async () => {
    const { id, ref } = await freshVersion();
    const v1 = crypto.randomBytes(5000);
    const v2 = crypto.randomBytes(6000);
    await uploadFile(fw.t.db, member(), { ...ref, path: "m.bin", body: bodyOf(v1) }, store);
    const r = await uploadFile(fw.t.db, member(), { ...ref, path: "m.bin", body: bodyOf(v2) }, store);
    expect(r.replaced).toBe(true);
    expect(await rowsOf(id)).toEqual([{ path: "m.bin", sha256: sha256(v2) }]);
    expect(hasBlob(sha256(v1))).toBe(false);
    expect(hasBlob(sha256(v2))).toBe(true);
  });

  it("deleting one of two paths that share a blob keeps the blob; deleting the last removes it", async () => {
    const { ref } = await freshVersion();
    const body = crypto.randomBytes(4000);
    await uploadFile(fw.t.db, member(), { ...ref, path: "one", body: bodyOf(body) }, store);
    await uploadFile(fw.t.db, member(), { ...ref, path: "two", body: bodyOf(body) }, store);
    await deleteFile(fw.t.db, admin(), { ...ref, path: "one" }, store);
    expect(hasBlob(sha256(body))).toBe(true);
    await deleteFile(fw.t.db, admin(), { ...ref, path: "two" }, store);
    expect(hasBlob(sha256(body))).toBe(false);
    await expect(deleteFile(fw.t.db, admin(), { ...ref, path: "two" }, store)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("collectBlob never deletes a referenced blob", async () => {
    const { ref } = await freshVersion();
    const body = crypto.randomBytes(100);
    await uploadFile(fw.t.db, member(), { ...ref, path: "kept", body: bodyOf(body) }, store);
    expect(await collectBlob(fw.t.db, store, sha256(body))).toBe(false);
    expect(hasBlob(sha256(body))).toBe(true);
  });

  it("an upload that loses the race with a collection answers 409 and records nothing", async () => {
    const { id, ref } = await freshVersion();
    const body = crypto.randomBytes(3000);
    // The blob disappears between the upload's write and its transaction, as if collected meanwhile.
    const racing: BlobStore = Object.assign(Object.create(store), {
      put: async (src: BlobSource, o: object) => {
        const r = await store.put(src, o);
        await collectBlob(fw.t.db, store, r.sha256);
        return r;
      },
    });
    await expect(uploadFile(fw.t.db, member(), { ...ref, path: "raced", body: bodyOf(body) }, racing)).rejects.toBeInstanceOf(ConflictError);
    expect(await rowsOf(id)).toEqual([]);
  });

  it("a transaction that fails after the blob was written leaves no orphan blob", async () => {
    const { id, ref } = await freshVersion();
    const body = crypto.randomBytes(3000);
    // The version is promoted to production while the bytes stream in: the commit is refused.
    const promoting: BlobStore = Object.assign(Object.create(store), {
      put: async (src: BlobSource, o: object) => {
        const r = await store.put(src, o);
        await setStage(fw.t.db, id, "production");
        return r;
      },
    });
    await expect(uploadFile(fw.t.db, admin(), { ...ref, path: "late", body: bodyOf(body) }, promoting)).rejects.toBeInstanceOf(ConflictError);
    expect(await rowsOf(id)).toEqual([]);
    expect(hasBlob(sha256(body))).toBe(false);
  });
});

describe("refusals that keep nothing", () => {
  it("a checksum mismatch is 400 and stores nothing", async () => {
    const { id, ref } = await freshVersion();
    const before = listTree(fw.blobRoot);
    const body = crypto.randomBytes(2000);
    const err = await uploadFile(fw.t.db, member(), { ...ref, path: "x", sha256: sha256("other"), body: bodyOf(body) }, store).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidError);
    expect(err.fieldErrors.sha256[0]).toMatch(/nothing was stored/);
    expect(await rowsOf(id)).toEqual([]);
    expect(listTree(fw.blobRoot)).toEqual(before);
  });

  it("a declared checksum that is not a sha256 is refused before a byte is read", async () => {
    const { ref } = await freshVersion();
    let pulled = 0;
    async function* counted(): BlobSource {
      pulled++;
      yield Buffer.from("x");
    }
    const err = await uploadFile(fw.t.db, member(), { ...ref, path: "x", sha256: "ABC", body: counted() }, store).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidError);
    expect(err.fieldErrors.sha256).toEqual(["must be 64 lowercase hexadecimal digits"]);
    expect(pulled).toBe(0);
  });

  it("a matching declared checksum is accepted", async () => {
    const { ref } = await freshVersion();
    const body = crypto.randomBytes(2000);
    const r = await uploadFile(fw.t.db, member(), { ...ref, path: "x", sha256: sha256(body), body: bodyOf(body) }, store);
    expect(r.sha256).toBe(sha256(body));
  });

  it("an interrupted body leaves no row and no blob", async () => {
    const { id, ref } = await freshVersion();
    const before = listTree(fw.blobRoot);
    async function* dying(): BlobSource {
      yield crypto.randomBytes(100_000);
      throw new Error("connection reset");
    }
    const err = await uploadFile(fw.t.db, member(), { ...ref, path: "cut.bin", body: dying() }, store).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidError);
    expect(err.fieldErrors.body[0]).toMatch(/interrupted/);
    expect(await rowsOf(id)).toEqual([]);
    expect(listTree(fw.blobRoot)).toEqual(before);
  });

  it("a Content-Length over the file limit is 413 before a byte is read", async () => {
    process.env.MODELREG_MAX_FILE_SIZE = "1000";
    const { ref } = await freshVersion();
    let pulled = 0;
    async function* counted(): BlobSource {
      pulled++;
      yield Buffer.alloc(10);
    }
    const err = await uploadFile(fw.t.db, member(), { ...ref, path: "big", contentLength: 1001, body: counted() }, store).catch((e) => e);
    expect(err).toBeInstanceOf(TooLargeError);
    expect(err.message).toMatch(/MODELREG_MAX_FILE_SIZE/);
    expect(pulled).toBe(0);
  });

  it("a body over the file limit without Content-Length is cut off while streaming: 413, nothing kept", async () => {
    process.env.MODELREG_MAX_FILE_SIZE = "1KiB";
    const { id, ref } = await freshVersion();
    const before = listTree(fw.blobRoot);
    let pulled = 0;
    async function* endless(): BlobSource {
      for (;;) {
        pulled++;
        yield Buffer.alloc(512);
      }
    }
    await expect(uploadFile(fw.t.db, member(), { ...ref, path: "big", body: endless() }, store)).rejects.toBeInstanceOf(TooLargeError);
    expect(pulled).toBeLessThanOrEqual(3);
    expect(await rowsOf(id)).toEqual([]);
    expect(listTree(fw.blobRoot)).toEqual(before);
  });

  it("two parallel uploads cannot overshoot the version limit together", async () => {
    process.env.MODELREG_MAX_VERSION_SIZE = "3000";
    const { id, ref } = await freshVersion();
    // Both bodies are held until both uploads have passed the up-front check; then both finish.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let waiting = 0;
    async function* held(): BlobSource {
      yield crypto.randomBytes(1000);
      if (++waiting === 2) release();
      await gate;
      yield crypto.randomBytes(1000);
    }
    const results = await Promise.allSettled([
      uploadFile(fw.t.db, member(), { ...ref, path: "p1", body: held() }, store),
      uploadFile(fw.t.db, member(), { ...ref, path: "p2", body: held() }, store),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(TooLargeError);
    expect(await rowsOf(id)).toHaveLength(1);
  });

  it("the version limit counts the other files, not the one being replaced", async () => {
    process.env.MODELREG_MAX_VERSION_SIZE = "3000";
    const { ref } = await freshVersion();
    await uploadFile(fw.t.db, member(), { ...ref, path: "a", body: bodyOf(crypto.randomBytes(2000)) }, store);
    const err = await uploadFile(fw.t.db, member(), { ...ref, path: "b", body: bodyOf(crypto.randomBytes(1001)) }, store).catch((e) => e);
    expect(err).toBeInstanceOf(TooLargeError);
    expect(err.message).toMatch(/MODELREG_MAX_VERSION_SIZE/);
    await uploadFile(fw.t.db, member(), { ...ref, path: "b", body: bodyOf(crypto.randomBytes(1000)) }, store);
    await uploadFile(fw.t.db, member(), { ...ref, path: "a", body: bodyOf(crypto.randomBytes(2000)) }, store); // replace: fits
  });
});

describe("protected stages make files read-only for everyone", () => {
  it("refuses upload and delete in production, even for the owner", async () => {
    const { id, ref } = await freshVersion();
    await uploadFile(fw.t.db, member(), { ...ref, path: "m", body: bodyOf(Buffer.from("m")) }, store);
    await setStage(fw.t.db, id, "production");
    for (const actor of [fw.w.actors.owner, admin()]) {
      const err = await uploadFile(fw.t.db, actor, { ...ref, path: "n", body: bodyOf(Buffer.from("n")) }, store).catch((e) => e);
      expect(err).toBeInstanceOf(ConflictError);
      expect(err.message).toMatch(/protected stage 'production'.*read-only/);
    }
    // A member may change nothing on a protected version (version-lock.ts): 403.
    const byMember = await uploadFile(fw.t.db, member(), { ...ref, path: "n", body: bodyOf(Buffer.from("n")) }, store).catch((e) => e);
    expect(byMember).toBeInstanceOf(ForbiddenError);
    await expect(deleteFile(fw.t.db, fw.w.actors.owner, { ...ref, path: "m" }, store)).rejects.toBeInstanceOf(ConflictError);
    const view = await versionFilesView(fw.t.db, fw.w.actors.owner, ref);
    expect(view).toMatchObject({ canUpload: false, canDelete: false });
    expect(view.readOnly).toMatch(/read-only/);
    // Still readable.
    expect((await getFile(fw.t.db, fw.w.actors.viewer, { ...ref, path: "m" })).size).toBe(1);
    await setStage(fw.t.db, id, "staging");
    await deleteFile(fw.t.db, admin(), { ...ref, path: "m" }, store);
  });

  it("follows the project's protectedStages setting", async () => {
    const projectId = fw.w.projectIds.granted;
    await setProtectedStages(fw.t.db, projectId, ["staging"]);
    const staging = await makeVersion(fw.t.db, projectId, "ps1", "staging");
    const prod = await makeVersion(fw.t.db, projectId, "ps2", "production");
    const ref = (v: string) => ({ owner: fw.w.org, project: "granted", kind: "model", version: v });
    await expect(uploadFile(fw.t.db, member(), { ...ref("ps1"), path: "a", body: bodyOf(Buffer.from("a")) }, store)).rejects.toBeInstanceOf(ForbiddenError);
    await uploadFile(fw.t.db, member(), { ...ref("ps2"), path: "a", body: bodyOf(Buffer.from("a")) }, store);
    expect(staging).toBeGreaterThan(0);
    expect(prod).toBeGreaterThan(0);
    await setProtectedStages(fw.t.db, projectId, ["production"]);
  });
});

describe("versionFilesView", () => {
  it("says what each role may do", async () => {
    const { ref } = await freshVersion();
    expect(await versionFilesView(fw.t.db, fw.w.actors.viewer, ref)).toMatchObject({ canUpload: false, canDelete: false, readOnly: null });
    expect(await versionFilesView(fw.t.db, member(), ref)).toMatchObject({ canUpload: true, canDelete: false });
    expect(await versionFilesView(fw.t.db, admin(), ref)).toMatchObject({ canUpload: true, canDelete: true });
    await expect(versionFilesView(fw.t.db, fw.w.actors.outsider, ref)).rejects.toBeInstanceOf(NotFoundError);
  });
});
