// The registry functions behind the MLflow surface: search (one model through the version-list planner, across
// models limited to what the actor may read), latest versions per stage, aliases of models, the combined writes
// (model with tags, version with source/run/tags), files by folder, and the planner's compiled-elsewhere options.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { addMember, makeOrg, makeUser } from "@/lib/testing/fixtures";
import { versions } from "@/db/schema";
import { anonymous, type UserActor } from "./actor";
import { setAlias } from "./aliases";
import { InvalidError, NotFoundError } from "./errors";
import { listFilesUnder, uploadFile } from "./files";
import { createMlflowModel, registerMlflowVersion } from "./mlflow-models";
import { aliasesOfModels, latestVersionsOf, searchMlflowModels, searchMlflowVersions } from "./mlflow-search";
import { modelTagsOf, versionTagsOf } from "./mlflow-tags";
import { createProject, updateProject } from "./projects";
import { createRun } from "./runs";
import { changeStage } from "./stages";
import { listVersionsOf } from "./version-list";
import { registerVersion } from "./versions";

let t: TestDb;
let owner: UserActor;
let viewer: UserActor;
let outsider: UserActor;
let blobs: string;

const page = { limit: 100, offset: 0, defaultOrg: null };
const names = (r: { results: { owner: string; project: string; name: string }[] }) => r.results.map((v) => `${v.owner}.${v.project}/${v.name}`);

beforeAll(async () => {
  blobs = fs.mkdtempSync(path.join(os.tmpdir(), "modelreg-mlflow-reg-"));
  process.env.MODELREG_DATA_DIR = blobs;
  delete process.env.STORAGE_URL;
  t = await createTestDb();
  owner = await makeUser(t.db, "sr-owner");
  viewer = await makeUser(t.db, "sr-viewer");
  outsider = await makeUser(t.db, "sr-out");
  const org = await makeOrg(t.db, "sr", owner);
  await addMember(t.db, org, viewer, "viewer");
  await createMlflowModel(t.db, owner, "sr", { name: "alpha", description: "a", tags: [{ key: "team", value: "risk" }] });
  await createMlflowModel(t.db, owner, "sr", { name: "beta" });
  for (let i = 0; i < 3; i++)
    await registerMlflowVersion(t.db, owner, "sr", "alpha", { source: `s3://b/${i + 1}`, tags: [{ key: "i", value: String(i + 1) }] });
  await registerMlflowVersion(t.db, owner, "sr", "beta", { source: "s3://b/beta" });
  await updateProject(t.db, owner, "sr", "beta", { is_public: true });
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(blobs, { recursive: true, force: true });
});

describe("combined writes", () => {
  it("a model keeps its MLflow tags; a version its source (meta_info.mlflow.source) and tags; bad tags are refused before anything is written", async () => {
    const [alpha] = (await searchMlflowModels(t.db, owner, { ...page, filter: "name = 'sr.alpha'" })).results;
    expect((await modelTagsOf(t.db, [alpha.project.id])).get(alpha.project.id)).toEqual([{ key: "team", value: "risk" }]);
    const v = (await searchMlflowVersions(t.db, owner, { ...page, filter: "name = 'sr.alpha' AND version_number = 2" })).results[0];
    expect(v.metaInfo).toEqual({ mlflow: { source: "s3://b/2" } });
    expect((await versionTagsOf(t.db, [v.id])).get(v.id)).toEqual([{ key: "i", value: "2" }]);
    await expect(createMlflowModel(t.db, owner, "sr", { name: "gamma", tags: [{ key: "", value: "x" }] })).rejects.toThrow(InvalidError);
    expect((await searchMlflowModels(t.db, owner, { ...page, filter: "name = 'sr.gamma'" })).results).toEqual([]);
    await expect(registerMlflowVersion(t.db, viewer, "sr", "alpha", { source: "x" })).rejects.toThrow(/member/);
  });

  it("the tags are written in the model's or version's own transaction: when that write fails, nothing was created", async () => {
    const boom = async () => {
      throw new Error("the tag write failed");
    };
    await expect(registerVersion(t.db, owner, "sr", "alpha", "model", { name: "half" }, boom)).rejects.toThrow(/tag write/);
    await expect(searchMlflowVersions(t.db, owner, { ...page, filter: "name = 'sr.alpha'" })).resolves.toMatchObject({
      results: expect.not.arrayContaining([expect.objectContaining({ name: "half" })]),
    });
    await expect(createProject(t.db, owner, "sr", { name: "half" }, boom)).rejects.toThrow(/tag write/);
    expect((await searchMlflowModels(t.db, owner, { ...page, filter: "name = 'sr.half'" })).results).toEqual([]);
    // A NUL character (which PostgreSQL's text cannot hold) is a refused tag, not a failed write.
    await expect(registerMlflowVersion(t.db, owner, "sr", "alpha", { tags: [{ key: "k", value: "a\u0000b" }] })).rejects.toThrow(InvalidError);
    await expect(createMlflowModel(t.db, owner, "sr", { name: "nul", tags: [{ key: "k\u0000", value: "v" }] })).rejects.toThrow(InvalidError);
    expect((await searchMlflowVersions(t.db, owner, { ...page, filter: "name = 'sr.alpha'" })).results.map((v) => v.name)).toEqual(["v3", "v2", "v1"]);
  });

  it("a run of the model links the version (run id, promotion); any other id is kept as an external reference", async () => {
    const { run } = await createRun(t.db, owner, "sr", "alpha", { name: "r" });
    const linked = await registerMlflowVersion(t.db, owner, "sr", "alpha", { source: "runs:/x/model", runId: run.uuid });
    expect(linked.version.runUuid).toBe(run.uuid);
    const ext = await registerMlflowVersion(t.db, owner, "sr", "alpha", { runId: "0af3", runLink: "https://mlflow.example/r/0af3" });
    expect(ext.version.externalRun).toEqual({ uuid: "0af3", url: "https://mlflow.example/r/0af3" });
    await t.db.delete(versions).where(sql`${versions.id} in (${linked.version.id}, ${ext.version.id})`);
  });
});

describe("searchMlflowVersions", () => {
  it("one model: through the planner, newest number first, with tag, number and source conditions", async () => {
    expect(names(await searchMlflowVersions(t.db, owner, { ...page, filter: "name = 'sr.alpha'" }))).toEqual(["sr.alpha/v3", "sr.alpha/v2", "sr.alpha/v1"]);
    expect(names(await searchMlflowVersions(t.db, owner, { ...page, filter: "name = 'sr.alpha' AND tags.i IN ('1', '3')" }))).toEqual([
      "sr.alpha/v3",
      "sr.alpha/v1",
    ]);
    expect(
      names(
        await searchMlflowVersions(t.db, owner, {
          ...page,
          filter: "name = 'sr.alpha' AND version_number <= 2 AND source_path LIKE 's3://b/%'",
          orderBy: ["version_number ASC"],
        }),
      ),
    ).toEqual(["sr.alpha/v1", "sr.alpha/v2"]);
    const first = await searchMlflowVersions(t.db, owner, { ...page, limit: 2, filter: "name = 'sr.alpha'" });
    expect(first.more).toBe(true);
    expect((await searchMlflowVersions(t.db, owner, { ...page, limit: 2, offset: 2, filter: "name = 'sr.alpha'" })).more).toBe(false);
  });

  it("a version without a number sorts below every number (last descending, first ascending); ties follow the sort's direction", async () => {
    // its own organization: the other tests count what organization sr holds
    await makeOrg(t.db, "sx", owner);
    await createMlflowModel(t.db, owner, "sx", { name: "gamma" });
    await registerMlflowVersion(t.db, owner, "sx", "gamma", {});
    await registerVersion(t.db, owner, "sx", "gamma", "model", { name: "best" });
    await registerMlflowVersion(t.db, owner, "sx", "gamma", {});
    const search = async (orderBy: string[], filter = "name = 'sx.gamma'") => names(await searchMlflowVersions(t.db, owner, { ...page, filter, orderBy }));
    expect(await search(["version_number DESC"])).toEqual(["sx.gamma/v2", "sx.gamma/v1", "sx.gamma/best"]);
    expect(await search(["version_number ASC"])).toEqual(["sx.gamma/best", "sx.gamma/v1", "sx.gamma/v2"]);
    expect(await search([])).toEqual(["sx.gamma/v2", "sx.gamma/v1", "sx.gamma/best"]);
    expect(await search(["creation_timestamp ASC"])).toEqual(["sx.gamma/v1", "sx.gamma/best", "sx.gamma/v2"]);
    expect(await search(["creation_timestamp DESC"])).toEqual(["sx.gamma/v2", "sx.gamma/best", "sx.gamma/v1"]);
    // across models (the same sorts, another statement)
    expect(await search(["version_number ASC"], "name LIKE 'sx.gamma'")).toEqual(["sx.gamma/best", "sx.gamma/v1", "sx.gamma/v2"]);
    expect(await search(["creation_timestamp DESC"], "name LIKE 'sx.gamma'")).toEqual(["sx.gamma/v2", "sx.gamma/best", "sx.gamma/v1"]);
  });

  it("across models: only what the actor may read; a bare name uses the default organization", async () => {
    expect(names(await searchMlflowVersions(t.db, outsider, { ...page, filter: "name LIKE 'sr.%'" }))).toEqual(["sr.beta/v1"]);
    expect(names(await searchMlflowVersions(t.db, anonymous, { ...page, filter: "name = 'sr.alpha'" }))).toEqual([]);
    expect(names(await searchMlflowVersions(t.db, viewer, { ...page, filter: "name LIKE 'sr.%' AND version_number = 1" }))).toEqual([
      "sr.alpha/v1",
      "sr.beta/v1",
    ]);
    expect(names(await searchMlflowVersions(t.db, owner, { ...page, defaultOrg: "sr", filter: "name = 'beta'" }))).toEqual(["sr.beta/v1"]);
    expect(names(await searchMlflowVersions(t.db, owner, { ...page, defaultOrg: "sr", filter: "name LIKE 'bet%'" }))).toEqual(["sr.beta/v1"]);
  });

  it("refuses unknown fields and sorts, and wrong comparisons, as InvalidError", async () => {
    for (const filter of [
      "stage = 'x'",
      "version_number LIKE '1%'",
      "tags.k > 'a'",
      "current_stage = 'Shipped'",
      "name = 'sr.alpha' AND version_number IN ('1')",
    ]) {
      await expect(searchMlflowVersions(t.db, owner, { ...page, filter }), filter).rejects.toThrow(InvalidError);
    }
    await expect(searchMlflowVersions(t.db, owner, { ...page, orderBy: ["name SIDEWAYS"] })).rejects.toThrow(InvalidError);
  });
});

describe("models: search, latest versions, aliases", () => {
  it("searchMlflowModels filters by tags (a missing tag is 'not v') and sorts", async () => {
    const ms = (r: { results: { owner: string; project: { name: string } }[] }) => r.results.map((m) => `${m.owner}.${m.project.name}`);
    expect(ms(await searchMlflowModels(t.db, owner, { ...page, filter: "tags.team = 'risk'" }))).toEqual(["sr.alpha"]);
    expect(ms(await searchMlflowModels(t.db, owner, { ...page, filter: "name LIKE 'sr.%' AND tags.team != 'risk'" }))).toEqual(["sr.beta"]);
    expect(ms(await searchMlflowModels(t.db, owner, { ...page, filter: "name LIKE 'sr.%'", orderBy: ["name DESC"] }))).toEqual(["sr.beta", "sr.alpha"]);
    expect(ms(await searchMlflowModels(t.db, outsider, { ...page, filter: "name LIKE 'sr.%'" }))).toEqual(["sr.beta"]);
    await createMlflowModel(t.db, owner, "sr", { name: "runs-only" });
    await updateProject(t.db, owner, "sr", "runs-only", { excluded_features: ["models"] });
    expect(ms(await searchMlflowModels(t.db, owner, { ...page, filter: "name LIKE 'sr.%'" }))).toEqual(["sr.alpha", "sr.beta"]);
  });

  it("latestVersionsOf answers the highest number per stage; aliasesOfModels the aliases by model", async () => {
    await changeStage(t.db, owner, "sr", "alpha", "model", "v1", { condition: { type: "staging", status: true } });
    const rows = (await searchMlflowModels(t.db, owner, { ...page, filter: "name LIKE 'sr.%'" })).results;
    const latest = await latestVersionsOf(t.db, owner, rows);
    const alpha = rows.find((r) => r.project.name === "alpha")!;
    expect(
      latest
        .get(alpha.project.id)!
        .map((v) => `${v.stage}:${v.name}`)
        .sort(),
    ).toEqual(["staging:v1", "testing:v3"]);
    expect((await latestVersionsOf(t.db, owner, [alpha], ["staging"])).get(alpha.project.id)!.map((v) => v.name)).toEqual(["v1"]);
    await setAlias(t.db, owner, "sr", "alpha", "candidate", { version: "v2" });
    expect((await aliasesOfModels(t.db, [alpha.project.id])).get(alpha.project.id)).toEqual([{ alias: "candidate", version: "v2" }]);
  });
});

describe("the planner's options compiled elsewhere", () => {
  it("listVersionsOf takes an extra WHERE and ORDER BY (MLflow's filter) beside PQL", async () => {
    const [alpha] = (await searchMlflowModels(t.db, owner, { ...page, filter: "name = 'sr.alpha'" })).results;
    const list = await listVersionsOf(t.db, alpha.project.id, "model", {
      query: "name:v1|v2|v3",
      limit: 10,
      offset: 0,
      where: sql`${versions.nameNumber} >= 2`,
      orderBy: [sql`${versions.nameNumber} asc`, sql`${versions.id} asc`],
    });
    expect(list.results.map((v) => v.name)).toEqual(["v2", "v3"]);
    expect(list.count).toBe(2);
  });
});

describe("listFilesUnder", () => {
  it("lists a folder's files by path; % and _ in folder names are literal; other folders and readers are kept out", async () => {
    const ref = { owner: "sr", project: "alpha", kind: "model", version: "v2" };
    const body = async function* (s: string) {
      yield Buffer.from(s);
    };
    for (const p of ["a_b/1.txt", "axb/2.txt", "a%/3.txt", "top.txt", "a_b/deep/4.txt"]) await uploadFile(t.db, owner, { ...ref, path: p, body: body(p) });
    expect((await listFilesUnder(t.db, owner, { ...ref, dir: "a_b", limit: 100 })).map((f) => f.path)).toEqual(["a_b/1.txt", "a_b/deep/4.txt"]);
    expect((await listFilesUnder(t.db, owner, { ...ref, dir: "a%", limit: 100 })).map((f) => f.path)).toEqual(["a%/3.txt"]);
    expect((await listFilesUnder(t.db, owner, { ...ref, dir: "", limit: 2 })).map((f) => f.path)).toEqual(["a%/3.txt", "a_b/1.txt"]);
    await expect(listFilesUnder(t.db, outsider, { ...ref, dir: "", limit: 10 })).rejects.toThrow(NotFoundError);
    await expect(listFilesUnder(t.db, owner, { ...ref, dir: "../x", limit: 10 })).rejects.toThrow(InvalidError);
  });
});
