// Lineage on both databases: the owner sees every name; an outsider and a signed-out reader see a private source
// project, a private copy and a transfer out of a private model as "private" with no name and no link; the
// number of statements does not grow with the copies; a private model's version is a NotFoundError.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { projects, projectSources } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { makeOrg, makeUser } from "@/lib/testing/fixtures";
import { anonymous, type UserActor } from "./actor";
import { NotFoundError } from "./errors";
import { versionLineage, type Lineage } from "./lineage";
import { createRun } from "./runs";
import { changeStage } from "./stages";
import { copyVersion, transferVersion } from "./version-transfer";
import { registerVersion } from "./versions";

let t: TestDb;
let owner: UserActor;
let outsider: UserActor;
const ORG = "ln-org";
let runUuid: string;

const byKind = (l: Lineage, kind: string) => l.nodes.filter((n) => n.kind === kind);
const text = (l: Lineage) => JSON.stringify(l);

beforeAll(async () => {
  t = await createTestDb();
  owner = await makeUser(t.db, "ln-owner");
  outsider = await makeUser(t.db, "ln-outsider");
  const orgId = await makeOrg(t.db, ORG, owner);
  const make = async (name: string, isPublic: boolean) => (await t.db.insert(projects).values({ orgId, name, isPublic }).returning({ id: projects.id }))[0].id;
  const training = await make("training", false);
  const model = await make("model", true);
  await make("secret", false);
  await make("mirror", true);
  await t.db.insert(projectSources).values({ projectId: model, sourceProjectId: training });
  const { run } = await createRun(t.db, owner, ORG, "training", { name: "xgb-weekly", status: "succeeded", outputs: { auc: 0.97 } });
  runUuid = run.uuid;
  await registerVersion(t.db, owner, ORG, "model", "model", { name: "v1", run: run.uuid });
  for (const to of ["staging", "production"] as const)
    await changeStage(t.db, owner, ORG, "model", "model", "v1", { condition: { type: to, status: true, reason: `to ${to}`, message: "" } });
  await copyVersion(t.db, owner, ORG, "model", "model", "v1", { project: "secret", name: "hidden-copy" });
  await copyVersion(t.db, owner, ORG, "model", "model", "v1", { project: "mirror", name: "open-copy" });
  // A version born in the private model and transferred into the public one.
  await registerVersion(t.db, owner, ORG, "secret", "model", { name: "moved" });
  await transferVersion(t.db, owner, ORG, "secret", "model", "moved", { project: "model" });
});

afterAll(async () => {
  await t?.close();
});

describe("versionLineage", () => {
  it("shows the owner every name and link: run, its project, copies, stages", async () => {
    const l = await versionLineage(t.db, owner, ORG, "model", "v1");
    expect(byKind(l, "project")).toMatchObject([{ label: `${ORG}/training`, href: `/${ORG}/training`, private: false }]);
    expect(byKind(l, "run")).toMatchObject([{ label: "xgb-weekly", detail: "succeeded", href: `/${ORG}/training/runs/${runUuid}` }]);
    expect(byKind(l, "version")).toMatchObject([{ label: `${ORG}/model:v1`, detail: "production" }]);
    expect(byKind(l, "copy").map((n) => [n.label, n.detail, n.href])).toEqual([
      [`${ORG}/secret:hidden-copy`, "testing", `/${ORG}/secret/versions/hidden-copy`],
      [`${ORG}/mirror:open-copy`, "testing", `/${ORG}/mirror/versions/open-copy`],
    ]);
    expect(byKind(l, "stage").map((n) => n.label)).toEqual(["testing", "staging", "production"]);
    expect(l.edges).toContainEqual({ from: "run", to: "version", label: "promoted" });
    expect(l.edges).toContainEqual({ from: "version", to: "copy-0", label: "copied to" });
    expect(l.edges).toContainEqual({ from: "stage-1", to: "stage-2", label: "moved to" });
    // Every edge joins two nodes of the graph.
    const ids = new Set(l.nodes.map((n) => n.id));
    for (const e of l.edges) expect(ids.has(e.from) && ids.has(e.to)).toBe(true);
  });

  for (const [who, actor] of [
    ["an outsider", () => outsider],
    ["a signed-out reader", () => anonymous],
  ] as const) {
    it(`shows ${who} "private" for the private source project, its run and a private copy, with no name or link`, async () => {
      const l = await versionLineage(t.db, actor(), ORG, "model", "v1");
      expect(byKind(l, "project")).toEqual([{ id: "project", kind: "project", label: "private", href: null, private: true }]);
      expect(byKind(l, "run")).toEqual([{ id: "run", kind: "run", label: "private", href: null, private: true }]);
      expect(byKind(l, "copy").map((n) => [n.label, n.href, n.private])).toEqual([
        ["private", null, true],
        [`${ORG}/mirror:open-copy`, `/${ORG}/mirror/versions/open-copy`, false],
      ]);
      expect(byKind(l, "stage").map((n) => n.label)).toEqual(["testing", "staging", "production"]);
      const all = text(l);
      for (const secret of ["training", "xgb-weekly", runUuid, "secret", "hidden-copy"]) expect(all).not.toContain(secret);
    });

    it(`shows ${who} a transfer out of a private model as "private"`, async () => {
      const l = await versionLineage(t.db, actor(), ORG, "model", "moved");
      expect(byKind(l, "transfer")).toMatchObject([{ label: "private", href: null, private: true }]);
      expect(text(l)).not.toContain("secret");
    });

    it(`is a NotFoundError for ${who} on a private model`, async () => {
      await expect(versionLineage(t.db, actor(), ORG, "secret", "hidden-copy")).rejects.toBeInstanceOf(NotFoundError);
    });
  }

  it("names the model a version was transferred from for the owner, and the origin of a copy", async () => {
    const moved = await versionLineage(t.db, owner, ORG, "model", "moved");
    expect(byKind(moved, "transfer")).toMatchObject([{ label: `${ORG}/secret`, href: `/${ORG}/secret`, private: false }]);
    expect(moved.edges).toContainEqual({ from: "transfer-0", to: "version", label: "transferred" });
    const copy = await versionLineage(t.db, owner, ORG, "mirror", "open-copy");
    expect(byKind(copy, "origin")).toMatchObject([{ label: `${ORG}/model:v1`, href: `/${ORG}/model/versions/v1` }]);
    expect(byKind(copy, "run")).toMatchObject([{ label: "xgb-weekly" }]);
  });

  it("shows an outsider the origin of a copy by name when its model is public", async () => {
    const copy = await versionLineage(t.db, outsider, ORG, "mirror", "open-copy");
    expect(byKind(copy, "origin")).toMatchObject([{ label: `${ORG}/model:v1`, private: false }]);
  });

  it("runs a bounded number of statements, however many copies there are", async () => {
    const count = async () => {
      // Both drivers send every statement through one client method: PGlite's query, postgres.js's unsafe.
      const client = (t.db as unknown as { $client: Record<string, (...a: unknown[]) => unknown> }).$client;
      const method = "unsafe" in client ? "unsafe" : "query";
      const spy = vi.spyOn(client, method);
      try {
        await versionLineage(t.db, outsider, ORG, "model", "v1");
        return spy.mock.calls.length;
      } finally {
        spy.mockRestore();
      }
    };
    const before = await count();
    for (let i = 0; i < 4; i++) await copyVersion(t.db, owner, ORG, "model", "model", "v1", { project: i % 2 ? "secret" : "mirror", name: `extra-${i}` });
    const after = await count();
    expect(before).toBeGreaterThan(0);
    expect(after).toBe(before);
    expect(after).toBeLessThanOrEqual(8);
  });
});
