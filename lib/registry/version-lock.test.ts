// A version in a protected stage is read-only but for its stage (version-lock.ts): contents frozen for everyone
// (an admin gets 409), nothing at all for a member (403), documentation still editable by an admin.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { buildAccessWorld, type AccessWorld } from "@/lib/testing/access-world";
import { ConflictError, ForbiddenError } from "./errors";
import { updateProjectSettings } from "./project-settings";
import { changeStage } from "./stages";
import { getVersion, registerVersion, updateVersion } from "./versions";
import { copyVersion, transferVersion } from "./version-transfer";
import { versionEditMode } from "./version-lock";
import { uploadFile } from "./files";
import { bodyOf } from "./files.testing";
import { LocalBlobStore } from "@/lib/storage";

let t: TestDb;
let w: AccessWorld;
let n = 0;
const P = "private";

beforeAll(async () => {
  t = await createTestDb();
  w = await buildAccessWorld(t.db, "vl");
});
afterAll(async () => t.close());

/** A fresh version of `private` in production, with some contents. */
async function productionVersion(): Promise<string> {
  const name = `prod-${++n}`;
  await registerVersion(t.db, w.actors.owner, w.org, P, "model", {
    name,
    meta_info: { metrics: { auc: 0.97 } },
    content: '{"a":1}',
    artifacts: ["model.json"],
  });
  await changeStage(t.db, w.actors.owner, w.org, P, "model", name, { condition: { type: "production" } });
  return name;
}

const CONTENT_CHANGES: Record<string, unknown>[] = [
  { meta_info: { metrics: { auc: 0.5 } } },
  { content: '{"a":2}' },
  { name: "renamed-prod" },
  { artifacts: ["other.bin"] },
  { connection: "s3-bucket" },
];
const DOC_CHANGES: Record<string, unknown>[] = [{ description: "better words" }, { tags: ["calibrated"] }, { readme: "# Card" }];

describe("a version in a protected stage", () => {
  it("refuses a member every change (403), documentation included, and a forced overwrite", async () => {
    const name = await productionVersion();
    for (const change of [...CONTENT_CHANGES, ...DOC_CHANGES]) {
      const err = await updateVersion(t.db, w.actors.member, w.org, P, "model", name, change).catch((e) => e);
      expect(err, JSON.stringify(change)).toBeInstanceOf(ForbiddenError);
      expect(err.message).toMatch(/protected stage 'production'/);
    }
    const forced = await registerVersion(t.db, w.actors.member, w.org, P, "model", { name, meta_info: {}, force: true }).catch((e) => e);
    expect(forced).toBeInstanceOf(ForbiddenError);
    const v = (await getVersion(t.db, w.actors.owner, w.org, P, "model", name)).version;
    expect(v).toMatchObject({ description: "", tags: [], metaInfo: { metrics: { auc: 0.97 } }, content: '{"a":1}' });
  });

  it("refuses an admin (and the owner) any change of contents with 409, and a forced overwrite", async () => {
    const name = await productionVersion();
    for (const actor of [w.actors.admin, w.actors.owner]) {
      for (const change of CONTENT_CHANGES) {
        const err = await updateVersion(t.db, actor, w.org, P, "model", name, change).catch((e) => e);
        expect(err, JSON.stringify(change)).toBeInstanceOf(ConflictError);
        expect(err.message).toMatch(/is in the protected stage 'production'.*move it out first/);
      }
      const forced = await registerVersion(t.db, actor, w.org, P, "model", { name, meta_info: { metrics: { auc: 0.1 } }, force: true }).catch((e) => e);
      expect(forced).toBeInstanceOf(ConflictError);
      expect(forced.message).toMatch(/move it out first/);
    }
    const v = (await getVersion(t.db, w.actors.owner, w.org, P, "model", name)).version;
    expect(v).toMatchObject({ name, metaInfo: { metrics: { auc: 0.97 } }, content: '{"a":1}', artifacts: ["model.json"], connection: null });
  });

  it("lets an admin edit description, tags and readme, also when unchanged contents are sent along (the edit form)", async () => {
    const name = await productionVersion();
    await updateVersion(t.db, w.actors.admin, w.org, P, "model", name, { description: "documented", tags: ["gold"], readme: "# Card" });
    await updateVersion(t.db, w.actors.admin, w.org, P, "model", name, {
      name,
      description: "again",
      meta_info: { metrics: { auc: 0.97 } },
      content: '{"a":1}',
      artifacts: ["model.json"],
      connection: null,
    });
    const v = (await getVersion(t.db, w.actors.owner, w.org, P, "model", name)).version;
    expect(v).toMatchObject({ description: "again", tags: ["gold"], readme: "# Card", stage: "production" });
  });

  it("still lets an admin move, copy and transfer it; out of production it is writable again", async () => {
    const name = await productionVersion();
    await copyVersion(t.db, w.actors.owner, w.org, P, "model", name, { project: "granted", name: `${name}-copy` });
    await changeStage(t.db, w.actors.admin, w.org, P, "model", name, { condition: { type: "staging" } });
    await updateVersion(t.db, w.actors.member, w.org, P, "model", name, { meta_info: { metrics: { auc: 0.99 } } });
    await transferVersion(t.db, w.actors.owner, w.org, P, "model", name, { project: "granted" });
  });

  it("refuses a member's file upload with 403 and an admin's with 409", async () => {
    const name = await productionVersion();
    const store = new LocalBlobStore(`${process.env.TMPDIR ?? "/tmp"}/vl-blobs-${process.pid}`);
    const ref = { owner: w.org, project: P, kind: "model", version: name, path: "m.bin" };
    await expect(uploadFile(t.db, w.actors.member, { ...ref, body: bodyOf(Buffer.from("m")) }, store)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(uploadFile(t.db, w.actors.admin, { ...ref, body: bodyOf(Buffer.from("m")) }, store)).rejects.toBeInstanceOf(ConflictError);
  });

  it("follows the model's protected stages, and says what the edit form may offer", async () => {
    const name = await productionVersion();
    const { access, version } = await getVersion(t.db, w.actors.member, w.org, P, "model", name);
    expect(versionEditMode(access, version)).toBe("none");
    expect(versionEditMode((await getVersion(t.db, w.actors.admin, w.org, P, "model", name)).access, version)).toBe("documentation");
    await updateProjectSettings(t.db, w.actors.owner, w.org, P, { protected_stages: ["staging"] });
    try {
      await updateVersion(t.db, w.actors.member, w.org, P, "model", name, { meta_info: { metrics: { auc: 0.5 } } });
      const after = await getVersion(t.db, w.actors.member, w.org, P, "model", name);
      expect(versionEditMode(after.access, after.version)).toBe("all");
    } finally {
      await updateProjectSettings(t.db, w.actors.owner, w.org, P, { protected_stages: ["production"] });
    }
  });
});
