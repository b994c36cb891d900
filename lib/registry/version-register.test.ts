// Registering, updating and deleting versions on both databases: names, content as text, run references
// (local through the promotion rules, external otherwise), force, renames, activity, and blob collection.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { activities, files, projects, projectSources, runs, stageConditions, versions } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { buildAccessWorld, type AccessWorld } from "@/lib/testing/access-world";
import { makeOrg, makeUser } from "@/lib/testing/fixtures";
import { getBlobStore } from "@/lib/storage";
import { ConflictError, InvalidError } from "./errors";
import { changeStage } from "./stages";
import { versionToApi } from "./version-view";
import { deleteVersion, getVersion, registerVersion, updateVersion } from "./versions";

let t: TestDb;
let w: AccessWorld;
let blobDir: string;
beforeAll(async () => {
  t = await createTestDb();
  w = await buildAccessWorld(t.db, "vr");
  blobDir = fs.mkdtempSync(path.join(os.tmpdir(), "modelreg-vr-"));
  process.env.MODELREG_DATA_DIR = blobDir;
  delete process.env.STORAGE_URL;
});
afterAll(async () => {
  await t.close();
  fs.rmSync(blobDir, { recursive: true, force: true });
});

const reg = (input: object, project = "private") => registerVersion(t.db, w.actors.member, w.org, project, "model", input);
const verbs = async (target: string) => (await t.db.select({ v: activities.verb }).from(activities).where(eq(activities.target, target))).map((a) => a.v);

describe("names", () => {
  it("v{n} follows the highest v-number, explicit ones included", async () => {
    await t.db.insert(projects).values({ orgId: w.orgId, name: "numbers" });
    const r = (input: object) => registerVersion(t.db, w.actors.owner, w.org, "numbers", "model", input);
    expect((await r({})).version.name).toBe("v1");
    expect((await r({ name: "v10" })).version).toMatchObject({ name: "v10", nameNumber: 10 });
    expect((await r({ name: "release-2.1" })).version.nameNumber).toBeNull();
    expect((await r({})).version.name).toBe("v11");
    // artifacts count on their own
    expect((await registerVersion(t.db, w.actors.owner, w.org, "numbers", "artifact", {})).version.name).toBe("v1");
  });

  it.each([
    ["new", "reserved"],
    ["Compare", "reserved"],
    [".hidden", "start and end"],
    ["a b", "letters"],
    ["x".repeat(129), "128"],
    ["-x", "start and end"],
  ])("refuses %s", async (name, why) => {
    const err = await reg({ name }).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidError);
    expect(err.fieldErrors.name.join(" ")).toContain(why);
  });

  it("accepts dots, dashes, underscores and 128 characters", async () => {
    for (const name of ["1.2.3", "resnet_50-ft.v2", `A${"b".repeat(126)}9`]) expect((await reg({ name })).version.name).toBe(name);
  });

  it("an existing name is a conflict without force; force overwrites what it is given and keeps the rest", async () => {
    await reg({ name: "same", description: "first", tags: ["a"], meta_info: { metrics: { auc: 0.9 } } });
    await changeStage(t.db, w.actors.member, w.org, "private", "model", "same", { condition: { type: "staging" } });
    const err = await reg({ name: "same" }).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.message).toMatch(/already exists.*force/);
    const again = await reg({ name: "same", description: "second", force: true });
    expect(again.version).toMatchObject({ description: "second", tags: ["a"], stage: "staging", metaInfo: { metrics: { auc: 0.9 } } });
    expect(await verbs("same")).toEqual(expect.arrayContaining(["version.registered", "version.stage_changed", "version.overwritten"]));
  });
});

describe("content, metadata and the answer", () => {
  it("stores content as text and answers a string; objects sent as content become their JSON", async () => {
    const json = JSON.stringify({ framework: "pytorch", metrics: { accuracy: 0.93 } });
    const a = await reg({ name: "c1", content: json });
    expect(a.version.content).toBe(json);
    const b = await reg({ name: "c2", content: { a: 1 } });
    expect(b.version.content).toBe('{"a":1}');
    const c = await reg({ name: "c3" });
    const api = versionToApi(c.version, c.access, c.conditions);
    expect(api.content).toBe("");
    for (const k of [
      "uuid",
      "owner",
      "project",
      "name",
      "kind",
      "description",
      "tags",
      "stage",
      "stage_conditions",
      "run",
      "artifacts",
      "meta_info",
      "content",
      "readme",
      "connection",
      "created_at",
      "updated_at",
      "role",
      "contributors",
    ]) {
      expect(api, k).toHaveProperty(k);
    }
    expect(api).toMatchObject({ owner: w.org, project: "private", kind: "model", stage: "testing", role: "member", created_by: "vr-member", run: null });
    expect(new Date(api.created_at).toISOString()).toBe(api.created_at);
  });

  it("refuses meta_info that is not an object and oversized fields", async () => {
    for (const input of [{ meta_info: "x" }, { meta_info: [1] }, { tags: "a" }, { description: "x".repeat(5001) }, { artifacts: [""] }]) {
      await expect(reg(input)).rejects.toBeInstanceOf(InvalidError);
    }
  });
});

describe("run references", () => {
  let runUuid: string;
  let strayUuid: string;
  beforeAll(async () => {
    // `public` is a promotion source of `private`; `granted` is not.
    await t.db.insert(projectSources).values({ projectId: w.projectIds.private, sourceProjectId: w.projectIds.public });
    const [r] = await t.db
      .insert(runs)
      .values({ projectId: w.projectIds.public, name: "train-1", inputs: { lr: 0.1 }, outputs: { auc: 0.97 }, status: "succeeded" })
      .returning({ uuid: runs.uuid });
    runUuid = r.uuid;
    const [s] = await t.db.insert(runs).values({ projectId: w.projectIds.granted, name: "elsewhere" }).returning({ uuid: runs.uuid });
    strayUuid = s.uuid;
  });

  it("a run of an allowed source project is linked, inherits metrics and params, and is marked promoted", async () => {
    const v = await reg({ name: "from-run", run: runUuid });
    expect(v.version).toMatchObject({ runUuid, runProject: `${w.org}/public`, externalRun: null, metaInfo: { metrics: { auc: 0.97 }, params: { lr: 0.1 } } });
    expect(versionToApi(v.version, v.access).run).toBe(runUuid);
    const [r] = await t.db.select({ m: runs.metaInfo }).from(runs).where(eq(runs.uuid, runUuid));
    expect(r.m).toMatchObject({ is_promoted: true });
    // given meta_info wins
    expect((await reg({ name: "from-run-2", run: runUuid, meta_info: { metrics: { auc: 1 } } })).version.metaInfo).toMatchObject({ metrics: { auc: 1 } });
  });

  it("a run of a project that is not a source is refused", async () => {
    const err = await reg({ name: "stray", run: strayUuid }).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidError);
    expect(Object.keys(err.fieldErrors)).toEqual(["run"]);
  });

  it("anything else is an opaque external reference: an unknown uuid, a URL, an object", async () => {
    const other = await makeUser(t.db, "vr-other");
    const orgId = await makeOrg(t.db, "vr-other-org", other);
    const [p] = await t.db.insert(projects).values({ orgId, name: "theirs" }).returning({ id: projects.id });
    const [theirs] = await t.db.insert(runs).values({ projectId: p.id }).returning({ uuid: runs.uuid });
    const unknown = "0b5e3c2a-1111-4222-8333-944455556666";
    expect((await reg({ name: "ext-1", run: unknown })).version).toMatchObject({ runId: null, externalRun: { uuid: unknown } });
    expect((await reg({ name: "ext-2", run: "https://mlflow.example/runs/42" })).version.externalRun).toEqual({ url: "https://mlflow.example/runs/42" });
    expect((await reg({ name: "ext-3", run: { uuid: "abc", project: "team/exp", url: "https://wandb.example/r/abc" } })).version.externalRun).toEqual({
      uuid: "abc",
      project: "team/exp",
      url: "https://wandb.example/r/abc",
    });
    // A run of another organization is not linkable (promote.ts: same organization only).
    expect(Object.keys((await reg({ name: "ext-4", run: theirs.uuid }).catch((e) => e)).fieldErrors)).toEqual(["run"]);
    await expect(reg({ name: "ext-5", run: { url: "javascript:alert(1)" } })).rejects.toBeInstanceOf(InvalidError);
  });
});

describe("update", () => {
  it("changes the fields given, renames (v{n} numbering included) and records it", async () => {
    await reg({ name: "draft", content: "a: 1", connection: "s3-main" });
    const u = await updateVersion(t.db, w.actors.member, w.org, "private", "model", "draft", {
      name: "v30",
      description: "ready",
      tags: ["x"],
      meta_info: { framework: "jax" },
      readme: "# hi",
      content: null,
      artifacts: ["m"],
      connection: null,
    });
    expect(u.version).toMatchObject({
      name: "v30",
      nameNumber: 30,
      description: "ready",
      tags: ["x"],
      metaInfo: { framework: "jax" },
      readme: "# hi",
      content: null,
      artifacts: ["m"],
      connection: null,
    });
    expect((await reg({})).version.name).toBe("v31");
    const [a] = await t.db
      .select()
      .from(activities)
      .where(and(eq(activities.verb, "version.renamed"), eq(activities.target, "v30")));
    expect(a.details).toMatchObject({ from: "draft" });
  });

  it("a name another version has is a conflict; a viewer may not update", async () => {
    await reg({ name: "left" });
    await reg({ name: "right" });
    await expect(updateVersion(t.db, w.actors.member, w.org, "private", "model", "left", { name: "right" })).rejects.toBeInstanceOf(ConflictError);
    await expect(updateVersion(t.db, w.actors.member, w.org, "private", "model", "left", { name: "new" })).rejects.toBeInstanceOf(InvalidError);
    await expect(updateVersion(t.db, w.actors.viewer, w.org, "private", "model", "left", { description: "x" })).rejects.toThrow(/needs member/);
  });
});

describe("delete", () => {
  it("removes the version, its history and file rows, and collects blobs no other file uses", async () => {
    const store = getBlobStore();
    const put = async (text: string) =>
      (
        await store.put(
          (async function* () {
            yield new TextEncoder().encode(text);
          })(),
        )
      ).sha256;
    const shared = await put("shared bytes");
    const own = await put("only mine");
    const a = await reg({ name: "del-a" });
    const b = await reg({ name: "del-b" });
    await t.db.insert(files).values([
      { versionId: a.version.id, path: "shared.bin", size: 12, sha256: shared },
      { versionId: a.version.id, path: "own.bin", size: 9, sha256: own },
      { versionId: b.version.id, path: "copy-of-shared.bin", size: 12, sha256: shared },
    ]);
    await deleteVersion(t.db, w.actors.admin, w.org, "private", "model", "del-a");
    await expect(getVersion(t.db, w.actors.admin, w.org, "private", "model", "del-a")).rejects.toThrow(/not found/);
    expect(await t.db.select().from(stageConditions).where(eq(stageConditions.versionId, a.version.id))).toEqual([]);
    expect(await t.db.select().from(files).where(eq(files.versionId, a.version.id))).toEqual([]);
    expect(await store.exists(own)).toBe(false);
    expect(await store.exists(shared)).toBe(true);
    expect(await verbs("del-a")).toContain("version.deleted");
    await deleteVersion(t.db, w.actors.admin, w.org, "private", "model", "del-b");
    expect(await store.exists(shared)).toBe(false);
    expect(await t.db.select().from(versions).where(eq(versions.name, "del-b"))).toEqual([]);
  });

  it("needs a project admin", async () => {
    await reg({ name: "keep" });
    await expect(deleteVersion(t.db, w.actors.member, w.org, "private", "model", "keep")).rejects.toThrow(/needs admin/);
    await expect(getVersion(t.db, w.actors.member, w.org, "private", "model", "keep")).resolves.toBeTruthy();
  });
});
