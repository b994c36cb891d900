// LFS upload grants: signed, expiring, bound to a model, an object and a size; and which stored blobs a model
// may reference without uploading them (content addressing must not hand out other models' private files).
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { organizations, projects, versions } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { makeOrg, makeUser } from "@/lib/testing/fixtures";
import type { UserActor } from "./actor";
import { ForbiddenError, InvalidError, TooLargeError } from "./errors";
import { uploadFile } from "./files";
import { getBlobStore } from "@/lib/storage";
import { blobAvailableTo, planUploads, receiveGrantedUpload, signUploadGrant, verifyUploadGrant } from "./upload-grants";
import { loadProjectAccess } from "./access";

let t: TestDb;
let owner: UserActor;
let sandbox: string;
const org = "ug-org";
const sha = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");
const body = (b: Buffer) =>
  (async function* () {
    yield new Uint8Array(b);
  })();

beforeAll(async () => {
  t = await createTestDb();
  sandbox = fs.mkdtempSync(path.join(os.tmpdir(), "modelreg-ug-"));
  process.env.MODELREG_DATA_DIR = path.join(sandbox, "data");
  delete process.env.STORAGE_URL;
  owner = await makeUser(t.db, "ug-owner");
  await makeOrg(t.db, org, owner);
});
afterAll(async () => {
  await t.close();
  fs.rmSync(sandbox, { recursive: true, force: true });
});

async function model(name: string): Promise<{ id: number; uuid: string }> {
  const [o] = await t.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, org));
  const [p] = await t.db.insert(projects).values({ orgId: o.id, name, isPublic: false }).returning({ id: projects.id, uuid: projects.uuid });
  return p;
}

describe("upload grants", () => {
  const g = { projectUuid: crypto.randomUUID(), userId: 1, sha256: "a".repeat(64), size: 10, expiresAt: Date.now() + 60_000 };

  it("verify returns what was signed; an altered, truncated or expired grant is refused", () => {
    const token = signUploadGrant(g);
    expect(verifyUploadGrant(token)).toEqual(g);
    const [payload, sig] = token.split(".");
    const altered = Buffer.from(JSON.stringify(["v1", g.projectUuid, g.userId, g.sha256, 11, g.expiresAt])).toString("base64url");
    expect(() => verifyUploadGrant(`${altered}.${sig}`)).toThrow(ForbiddenError);
    expect(() => verifyUploadGrant(payload)).toThrow(ForbiddenError);
    expect(() => verifyUploadGrant(`${payload}.${sig}.x`)).toThrow(ForbiddenError);
    expect(() => verifyUploadGrant(token, g.expiresAt + 1)).toThrow(/expired/);
  });

  it("receives exactly the granted bytes; a wrong body keeps nothing", async () => {
    const p = await model("receive");
    const bytes = crypto.randomBytes(1000);
    const grant = signUploadGrant({ projectUuid: p.uuid, userId: owner.userId, sha256: sha(bytes), size: bytes.length, expiresAt: Date.now() + 60_000 });
    await expect(receiveGrantedUpload(t.db, grant, body(crypto.randomBytes(1000)), 1000)).rejects.toBeInstanceOf(InvalidError);
    await expect(receiveGrantedUpload(t.db, grant, body(Buffer.concat([bytes, bytes])), undefined)).rejects.toBeInstanceOf(TooLargeError);
    await expect(receiveGrantedUpload(t.db, grant, body(bytes), 999)).rejects.toBeInstanceOf(InvalidError);
    expect(await getBlobStore().exists(sha(bytes))).toBe(false);
    expect(await receiveGrantedUpload(t.db, grant, body(bytes), 1000)).toMatchObject({ sha256: sha(bytes), size: 1000, created: true });
  });

  it("a model may reference a blob it has or one it received; not another model's, nor an unreferenced one", async () => {
    const mine = await model("mine");
    const theirs = await model("theirs");
    await t.db.insert(versions).values({ projectId: theirs.id, name: "v1" });
    const secret = crypto.randomBytes(500);
    await uploadFile(t.db, owner, { owner: org, project: "theirs", kind: "model", version: "v1", path: "s.bin", body: body(secret) });
    expect(await blobAvailableTo(t.db, theirs.id, sha(secret), 500)).toBe(true);
    expect(await blobAvailableTo(t.db, mine.id, sha(secret), 500)).toBe(false);
    expect(await blobAvailableTo(t.db, theirs.id, sha(secret), 501)).toBe(false);
    // the batch asks `mine` to upload the bytes (proof of possession) instead of skipping them
    const access = await loadProjectAccess(t.db, owner, org, "mine");
    const [plan] = await planUploads(t.db, access, owner, [{ oid: sha(secret), size: 500 }]);
    expect(plan).toMatchObject({ stored: false });
    await receiveGrantedUpload(t.db, (plan as { grant: string }).grant, body(secret), 500);
    expect(await blobAvailableTo(t.db, mine.id, sha(secret), 500)).toBe(true);
    // a blob no file references (someone's abandoned upload) is not handed out either: its bytes are asked for
    const abandoned = crypto.randomBytes(50);
    await getBlobStore().put(body(abandoned));
    expect(await blobAvailableTo(t.db, mine.id, sha(abandoned), 50)).toBe(false);
    const [again] = await planUploads(t.db, access, owner, [{ oid: sha(abandoned), size: 50 }]);
    expect(again).toMatchObject({ stored: false });
    const [bad] = await planUploads(t.db, access, owner, [{ oid: "not-a-sha", size: 1 }]);
    expect(bad).toMatchObject({ error: { code: 422 } });
  });
});
