// Transfer and copy on both databases: admin on the source AND on the target, every actor over every project
// (each refusal fails if its check is removed), and what moves with a version.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { activities, files, projects, projectUsers, stageConditions, versions } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import {
  ACTOR_NAMES,
  EXPECTED_ROLE,
  PROJECT_NAMES,
  buildAccessWorld,
  refusalFor,
  type AccessWorld,
  type ActorName,
  type ProjectName,
} from "@/lib/testing/access-world";
import { makeOrg, makeUser } from "@/lib/testing/fixtures";
import { ConflictError, ForbiddenError, InvalidError, NotFoundError, type UnauthorizedError } from "./errors";
import { changeStage, getStages } from "./stages";
import { copyVersion, moveTargets, transferVersion } from "./version-transfer";
import { getVersion, registerVersion } from "./versions";
import { loadProjectAccess } from "./access";
import { deleteVersionTag, setVersionTag, versionTagsOf } from "./mlflow-tags";

let t: TestDb;
let w: AccessWorld;
const HUB = "hub"; // a model every signed-in actor administers, so only the other side's role decides

beforeAll(async () => {
  t = await createTestDb();
  w = await buildAccessWorld(t.db, "vt");
  const [hub] = await t.db.insert(projects).values({ orgId: w.orgId, name: HUB, createdById: w.users.owner.userId }).returning({ id: projects.id });
  for (const u of Object.values(w.users)) await t.db.insert(projectUsers).values({ projectId: hub.id, userId: u.userId, role: "admin" });
});
afterAll(async () => t.close());

type Outcome = "ok" | typeof NotFoundError | typeof ForbiddenError | typeof UnauthorizedError | typeof InvalidError;
const settle = (p: Promise<unknown>) =>
  p.then(
    () => "ok" as const,
    (e: unknown) => e,
  );
function expectOutcome(result: unknown, want: Outcome) {
  if (want === "ok") expect(result).toBe("ok");
  else expect(result).toBeInstanceOf(want);
}
/** The role a transfer or copy needs on the side being tested: admin (DESIGN §4), written out, not read from authz. */
const sideOutcome = (role: string | null, invisible: Outcome, actor?: ActorName): Outcome =>
  role === null ? invisible : role === "admin" ? "ok" : actor ? refusalFor(actor) : ForbiddenError;

const moves = { transfer: transferVersion, copy: copyVersion } as const;
const cases = ACTOR_NAMES.flatMap((a) => PROJECT_NAMES.map((p) => [a, p] as [ActorName, ProjectName]));

describe.each(Object.keys(moves) as (keyof typeof moves)[])("%s: permission matrix", (move) => {
  let i = 0;
  it.each(cases)(`the source: %s from %s into the hub`, async (actor, project) => {
    const name = `${move}-src-${i++}`;
    await registerVersion(t.db, w.actors.owner, w.org, project, "model", { name });
    const result = await settle(moves[move](t.db, w.actors[actor], w.org, project, "model", name, { project: HUB }));
    expectOutcome(result, sideOutcome(EXPECTED_ROLE[actor][project], NotFoundError, actor));
    // nothing moved or appeared when refused
    const inHub = await settle(getVersion(t.db, w.actors.owner, w.org, HUB, "model", name));
    expect(inHub === "ok").toBe(result === "ok");
  });

  it.each(cases.filter(([a]) => a !== "anonymous"))(`the target: %s from the hub into %s`, async (actor, project) => {
    const name = `${move}-dst-${i++}`;
    await registerVersion(t.db, w.actors.owner, w.org, HUB, "model", { name });
    const result = await settle(moves[move](t.db, w.actors[actor], w.org, HUB, "model", name, { project }));
    // A target the actor cannot see is a bad value of the `project` field, and its existence does not leak.
    expectOutcome(result, sideOutcome(EXPECTED_ROLE[actor][project], InvalidError));
    const there = await settle(getVersion(t.db, w.actors.owner, w.org, project, "model", name));
    expect(there === "ok").toBe(result === "ok");
  });
});

describe("transfer", () => {
  it("moves the version with its history and files; both models record it; the source no longer has it", async () => {
    const owner = w.actors.owner;
    const r = await registerVersion(t.db, owner, w.org, "private", "model", { name: "mover", meta_info: { metrics: { auc: 0.9 } } });
    await changeStage(t.db, owner, w.org, "private", "model", "mover", { condition: { type: "staging", reason: "ok" } });
    await t.db.insert(files).values({ versionId: r.version.id, path: "model.bin", size: 3, sha256: "a".repeat(64) });
    const moved = await transferVersion(t.db, owner, w.org, "private", "model", "mover", { project: `${w.org}/granted` });
    expect(moved.access.project.name).toBe("granted");
    expect(moved.version).toMatchObject({ id: r.version.id, stage: "staging", metaInfo: { metrics: { auc: 0.9 } } });
    expect((await getStages(t.db, owner, w.org, "granted", "model", "mover")).stage_conditions.map((c) => c.type)).toEqual(["testing", "staging"]);
    expect(await t.db.select({ p: files.path }).from(files).where(eq(files.versionId, r.version.id))).toEqual([{ p: "model.bin" }]);
    await expect(getVersion(t.db, owner, w.org, "private", "model", "mover")).rejects.toBeInstanceOf(NotFoundError);
    const verbs = await t.db.select({ v: activities.verb, p: activities.projectId }).from(activities).where(eq(activities.target, "mover"));
    expect(verbs.map((x) => x.v)).toEqual(expect.arrayContaining(["version.transferred_out", "version.transferred_in"]));
  });

  it("MLflow's key/value tags stay with the version in its new model", async () => {
    const owner = w.actors.owner;
    const r = await registerVersion(t.db, owner, w.org, "private", "model", { name: "tagged-mover" });
    await setVersionTag(t.db, owner, w.org, "private", "tagged-mover", { key: "team", value: "fraud" });
    await transferVersion(t.db, owner, w.org, "private", "model", "tagged-mover", { project: HUB });
    expect((await versionTagsOf(t.db, [r.version.id])).get(r.version.id)).toEqual([{ key: "team", value: "fraud" }]);
    // and they answer for it under the new model's name
    await setVersionTag(t.db, owner, w.org, HUB, "tagged-mover", { key: "validated", value: "true" });
    expect((await versionTagsOf(t.db, [r.version.id])).get(r.version.id)).toEqual([
      { key: "team", value: "fraud" },
      { key: "validated", value: "true" },
    ]);
  });

  it("a name the target already has is a conflict; the version stays where it was", async () => {
    await registerVersion(t.db, w.actors.owner, w.org, "private", "model", { name: "twin" });
    await registerVersion(t.db, w.actors.owner, w.org, "granted", "model", { name: "twin" });
    const err = await transferVersion(t.db, w.actors.owner, w.org, "private", "model", "twin", { project: "granted" }).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictError);
    await expect(getVersion(t.db, w.actors.owner, w.org, "private", "model", "twin")).resolves.toBeTruthy();
  });

  it("an automatic name keeps counting in the target after a v{n} arrives", async () => {
    const [empty] = await t.db.insert(projects).values({ orgId: w.orgId, name: "fresh", createdById: w.users.owner.userId }).returning({ id: projects.id });
    expect(empty.id).toBeGreaterThan(0);
    await registerVersion(t.db, w.actors.owner, w.org, "private", "model", { name: "v41" });
    await transferVersion(t.db, w.actors.owner, w.org, "private", "model", "v41", { project: "fresh" });
    expect((await registerVersion(t.db, w.actors.owner, w.org, "fresh", "model", {})).version.name).toBe("v42");
  });

  it("refuses another organization, its own model, a disabled feature and malformed targets", async () => {
    const stranger = await makeUser(t.db, "vt-stranger");
    await makeOrg(t.db, "vt-elsewhere", stranger);
    await t.db
      .insert(projects)
      .values({ orgId: (await loadProjectAccess(t.db, w.actors.owner, w.org, "private")).org.id, name: "nomodels", excludedFeatures: ["models"] });
    await registerVersion(t.db, w.actors.owner, w.org, "private", "model", { name: "stay" });
    for (const project of ["vt-elsewhere/x", "private", "nomodels", "a/b/c", "", "/x"]) {
      const err = await transferVersion(t.db, w.actors.owner, w.org, "private", "model", "stay", { project }).catch((e) => e);
      expect(err, project).toBeInstanceOf(InvalidError);
    }
    await expect(transferVersion(t.db, w.actors.owner, w.org, "private", "model", "stay", {})).rejects.toBeInstanceOf(InvalidError);
  });
});

describe("copy", () => {
  it("keeps metadata, lineage and files, starts at testing, and its history says where it came from", async () => {
    const owner = w.actors.owner;
    const src = await registerVersion(t.db, owner, w.org, "public", "model", {
      name: "orig",
      description: "d",
      tags: ["a"],
      meta_info: { metrics: { f1: 0.7 } },
      content: '{"k":1}',
      readme: "# r",
      run: "https://ci.example/runs/7",
      artifacts: ["m.bin"],
    });
    await changeStage(t.db, owner, w.org, "public", "model", "orig", { condition: { type: "staging" } });
    await t.db.insert(files).values({ versionId: src.version.id, path: "m.bin", size: 1, sha256: "b".repeat(64) });
    const c = await copyVersion(t.db, owner, w.org, "public", "model", "orig", { project: "private" });
    expect(c.version).toMatchObject({
      name: "orig",
      stage: "testing",
      description: "d",
      tags: ["a"],
      metaInfo: { metrics: { f1: 0.7 } },
      content: '{"k":1}',
      readme: "# r",
      externalRun: { url: "https://ci.example/runs/7" },
      artifacts: ["m.bin"],
      copiedFromId: src.version.id,
      copiedFrom: `${w.org}/public:orig`,
    });
    expect(c.conditions).toHaveLength(1);
    expect(c.conditions[0]).toMatchObject({
      type: "testing",
      reason: "Copied",
      meta_info: { copied_from: `${w.org}/public:orig`, copied_from_stage: "staging" },
    });
    expect(await t.db.select({ p: files.path, h: files.sha256 }).from(files).where(eq(files.versionId, c.version.id))).toEqual([
      { p: "m.bin", h: "b".repeat(64) },
    ]);
    // the source is untouched
    expect((await getVersion(t.db, owner, w.org, "public", "model", "orig")).version.stage).toBe("staging");
  });

  it("copies MLflow's key/value tags in the same transaction; the copy's and the source's are then independent", async () => {
    const owner = w.actors.owner;
    const src = await registerVersion(t.db, owner, w.org, "public", "model", { name: "tagged-orig" });
    await setVersionTag(t.db, owner, w.org, "public", "tagged-orig", { key: "team", value: "fraud" });
    await setVersionTag(t.db, owner, w.org, "public", "tagged-orig", { key: "validated", value: "true" });
    const c = await copyVersion(t.db, owner, w.org, "public", "model", "tagged-orig", { project: HUB });
    expect((await versionTagsOf(t.db, [c.version.id])).get(c.version.id)).toEqual([
      { key: "team", value: "fraud" },
      { key: "validated", value: "true" },
    ]);
    await deleteVersionTag(t.db, owner, w.org, HUB, "tagged-orig", "team");
    expect((await versionTagsOf(t.db, [src.version.id])).get(src.version.id)).toHaveLength(2);
  });

  it("within the same model: the next v{n} unless named; a taken name is a conflict", async () => {
    await registerVersion(t.db, w.actors.owner, w.org, "granted", "model", { name: "v7" });
    const a = await copyVersion(t.db, w.actors.owner, w.org, "granted", "model", "v7", { project: "granted" });
    expect(a.version.name).toBe("v8");
    const b = await copyVersion(t.db, w.actors.owner, w.org, "granted", "model", "v7", { project: "granted", name: "v7-copy" });
    expect(b.version.name).toBe("v7-copy");
    await expect(copyVersion(t.db, w.actors.owner, w.org, "granted", "model", "v7", { project: "granted", name: "v8" })).rejects.toBeInstanceOf(ConflictError);
    const conds = await t.db
      .select()
      .from(stageConditions)
      .where(and(eq(stageConditions.versionId, a.version.id)));
    expect(conds).toHaveLength(1);
  });

  it("deleting the source keeps the copy and what it says about its origin", async () => {
    const { deleteVersion } = await import("./versions");
    await registerVersion(t.db, w.actors.owner, w.org, "public", "model", { name: "short-lived" });
    await copyVersion(t.db, w.actors.owner, w.org, "public", "model", "short-lived", { project: "private", name: "survivor" });
    await deleteVersion(t.db, w.actors.owner, w.org, "public", "model", "short-lived");
    const s = await getVersion(t.db, w.actors.owner, w.org, "private", "model", "survivor");
    expect(s.version.copiedFromId).toBeNull();
    expect(s.conditions[0].meta_info.copied_from).toBe(`${w.org}/public:short-lived`);
    const [row] = await t.db.select({ id: versions.id }).from(versions).where(eq(versions.name, "short-lived"));
    expect(row).toBeUndefined();
  });
});

describe("moveTargets", () => {
  // `fresh` is made by a transfer test above (absent when this test runs alone): left out of the comparison
  const targetsOf = async (a: ActorName) =>
    (await moveTargets(t.db, w.actors[a], await loadProjectAccess(t.db, w.actors[a], w.org, HUB))).map((x) => x.name).filter((n) => n !== "fresh");
  it("lists the organization's models the actor administers, with models enabled", async () => {
    expect(await targetsOf("owner")).toEqual(["granted", HUB, "private", "public", "public-granted", "public-restricted", "restricted"]);
    expect(await targetsOf("owner")).not.toContain("nomodels");
    const tv = await targetsOf("teamViewer"); // org admin, but only viewer in the restricted model's team
    expect(tv).toEqual(["granted", HUB, "private", "public", "public-granted"]);
    expect(tv).not.toContain("restricted");
    expect(await targetsOf("outsiderGranted")).toEqual([HUB, "public-granted"]); // admin by grant there
    expect(await targetsOf("member")).toEqual([HUB]);
  });
});
