// Revisions as git-style clients name them: main/HEAD, version names, stages, aliases, commit ids.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { modelAliases, organizations, projects, versions, type Stage } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { addMember, makeOrg, makeUser } from "@/lib/testing/fixtures";
import { anonymous, type UserActor } from "./actor";
import { NotFoundError } from "./errors";
import { uploadFile } from "./files";
import { loadModel, resolveRevision, resolveRevisionIn, revisionState, RevisionNotFoundError } from "./revisions";

let t: TestDb;
let owner: UserActor;
let outsider: UserActor;
let sandbox: string;
const org = "rev-org";

beforeAll(async () => {
  t = await createTestDb();
  sandbox = fs.mkdtempSync(path.join(os.tmpdir(), "modelreg-rev-"));
  process.env.MODELREG_DATA_DIR = path.join(sandbox, "data");
  delete process.env.STORAGE_URL;
  owner = await makeUser(t.db, "rev-owner");
  outsider = await makeUser(t.db, "rev-outsider");
  const orgId = await makeOrg(t.db, org, owner);
  await addMember(t.db, orgId, owner, "owner");
});
afterAll(async () => {
  await t.close();
  fs.rmSync(sandbox, { recursive: true, force: true });
});

async function model(name: string, isPublic = true, excluded: string[] = []): Promise<number> {
  const [o] = await t.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, org));
  const [p] = await t.db
    .insert(projects)
    .values({ orgId: o.id, name, isPublic, excludedFeatures: excluded as never })
    .returning({ id: projects.id });
  return p.id;
}

async function version(projectId: number, name: string, stage: Stage, day: number): Promise<number> {
  const [v] = await t.db
    .insert(versions)
    .values({ projectId, name, stage, createdAt: new Date(Date.UTC(2026, 0, day)) })
    .returning({ id: versions.id });
  return v.id;
}

const nameAt = async (m: string, rev: string) => (await resolveRevision(t.db, await loadModel(t.db, anonymous, org, m), rev)).version.name;

describe("revisions", () => {
  it("main and HEAD are the newest production version, else the newest version", async () => {
    const p = await model("defaults");
    await version(p, "v1", "staging", 1);
    await version(p, "v2", "testing", 2);
    expect(await nameAt("defaults", "main")).toBe("v2");
    await version(p, "v3", "production", 3);
    await version(p, "v4", "staging", 4);
    expect(await nameAt("defaults", "main")).toBe("v3");
    expect(await nameAt("defaults", "HEAD")).toBe("v3");
  });

  it("a version name wins over a stage of the same name; stages give their newest version; aliases resolve", async () => {
    const p = await model("names");
    await version(p, "v1", "staging", 1);
    const v2 = await version(p, "v2", "staging", 2);
    expect(await nameAt("names", "staging")).toBe("v2");
    await version(p, "staging", "testing", 3);
    expect(await nameAt("names", "staging")).toBe("staging");
    await t.db.insert(modelAliases).values({ projectId: p, name: "champion", versionId: v2 });
    expect(await nameAt("names", "champion")).toBe("v2");
    await expect(nameAt("names", "v9")).rejects.toBeInstanceOf(RevisionNotFoundError);
    await expect(nameAt("names", "production")).rejects.toBeInstanceOf(RevisionNotFoundError);
    await expect(nameAt("names", "@champion")).rejects.toBeInstanceOf(RevisionNotFoundError);
    await expect(nameAt("names", "refs/pr/1")).rejects.toBeInstanceOf(RevisionNotFoundError);
  });

  it("the commit id is 40 hex, deterministic, found again, and changes with the files", async () => {
    const p = await model("commits");
    const id = await version(p, "v1", "testing", 1);
    const access = await loadModel(t.db, owner, org, "commits");
    const first = await resolveRevision(t.db, access, "v1");
    expect(first.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(first.commit.slice(0, 16)).toBe(first.version.uuid.replace(/-/g, "").slice(0, 16));
    expect((await resolveRevision(t.db, access, first.commit)).version.id).toBe(id);
    const bytes = crypto.randomBytes(100);
    await uploadFile(t.db, owner, {
      owner: org,
      project: "commits",
      kind: "model",
      version: "v1",
      path: "a.bin",
      body: (async function* () {
        yield new Uint8Array(bytes);
      })(),
    });
    const second = await resolveRevision(t.db, access, "v1");
    expect(second.commit).not.toBe(first.commit);
    expect(second.fileCount).toBe(1);
    expect(second.totalSize).toBe(100);
    expect(await resolveRevisionIn(t.db, access, first.commit)).toBeNull();
    expect((await revisionState(t.db, second.version)).commit).toBe(second.commit);
  });

  it("a private model is NotFound to outsiders and signed-out callers; a project without models too", async () => {
    await model("hidden", false);
    await expect(loadModel(t.db, outsider, org, "hidden")).rejects.toBeInstanceOf(NotFoundError);
    await expect(loadModel(t.db, anonymous, org, "hidden")).rejects.toBeInstanceOf(NotFoundError);
    await expect(loadModel(t.db, owner, org, "hidden")).resolves.toBeTruthy();
    await model("runs-only", true, ["models"]);
    await expect(loadModel(t.db, owner, org, "runs-only")).rejects.toBeInstanceOf(NotFoundError);
  });
});
