// Exclusive stages on both databases: entering one retires the previous holder to the fallback stage in the
// same transaction (both in the history and the activity), archive_existing overrides per call, an approval
// approves the pair, new models default to an exclusive production, and concurrent entries leave one holder.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { activities, projects, type ProjectSettings } from "@/db/schema";
import { createTestDb, onServer, type TestDb } from "@/db/testing/test-db";
import { buildAccessWorld, type AccessWorld, type ProjectName } from "@/lib/testing/access-world";
import { approveStageRequest } from "./approvals";
import { getProjectSettings, updateProjectSettings } from "./project-settings";
import { createProject } from "./projects";
import { InvalidError } from "./errors";
import { changeStage, changeStageOrRequest, getStages } from "./stages";
import { registerVersion } from "./versions";

let t: TestDb;
let w: AccessWorld;
beforeAll(async () => {
  t = await createTestDb();
  w = await buildAccessWorld(t.db, "ex");
});
afterAll(async () => t.close());

const settle = (p: ProjectName, settings: ProjectSettings) => t.db.update(projects).set({ settings }).where(eq(projects.id, w.projectIds[p]));
const reg = (name: string, project = "private") => registerVersion(t.db, w.actors.owner, w.org, project, "model", { name });
const move = (name: string, type: string, extra: Record<string, unknown> = {}, project = "private", actor = w.actors.admin) =>
  changeStage(t.db, actor, w.org, project, "model", name, { condition: { type, reason: "Shadow test passed" }, ...extra });
const stageOf = async (name: string, project = "private") => (await getStages(t.db, w.actors.owner, w.org, project, "model", name)).stage;

describe("an exclusive production", () => {
  it("moves the previous holder to staging in the same change, with its history entry and activity", async () => {
    await settle("private", { exclusiveStages: ["production"] });
    await reg("e1");
    await reg("e2");
    await move("e1", "production");
    const s = await move("e2", "production");
    expect(s.stage).toBe("production");
    expect(s.stage_conditions.at(-1)!.meta_info.retired).toEqual(["e1"]);
    const e1 = await getStages(t.db, w.actors.owner, w.org, "private", "model", "e1");
    expect(e1.stage).toBe("staging");
    expect(e1.stage_conditions.at(-1)).toMatchObject({
      type: "staging",
      status: "True",
      reason: "Replaced by e2",
      meta_info: { from_stage: "production", replaced_by: "e2", user: "ex-admin" },
    });
    const [a] = await t.db
      .select()
      .from(activities)
      .where(and(eq(activities.verb, "version.stage_changed"), eq(activities.target, "e1"), eq(activities.projectId, w.projectIds.private)))
      .orderBy(activities.id)
      .limit(1)
      .offset(1);
    expect(a.details).toMatchObject({ from: "production", to: "staging", replaced_by: "e2" });
  });

  it("archive_existing: false keeps the holder; true retires holders where the model has no exclusive stage", async () => {
    await reg("k1");
    await move("k1", "production", { archive_existing: false });
    expect(await stageOf("e2")).toBe("production");
    expect(await stageOf("k1")).toBe("production");
    await settle("public", {});
    await reg("o1", "public");
    await reg("o2", "public");
    await move("o1", "production", {}, "public");
    await move("o2", "production", {}, "public");
    expect([await stageOf("o1", "public"), await stageOf("o2", "public")]).toEqual(["production", "production"]);
    await reg("o3", "public");
    await move("o3", "production", { archive_existing: true }, "public");
    expect([await stageOf("o1", "public"), await stageOf("o2", "public"), await stageOf("o3", "public")]).toEqual(["staging", "staging", "production"]);
    await expect(move("o3", "staging", { archive_existing: "yes" }, "public")).rejects.toBeInstanceOf(InvalidError);
  });

  it("follows the configured fallback stage", async () => {
    await settle("granted", { exclusiveStages: ["production"], exclusiveFallback: "disabled" });
    await reg("f1", "granted");
    await reg("f2", "granted");
    await move("f1", "production", {}, "granted");
    await move("f2", "production", {}, "granted");
    expect(await stageOf("f1", "granted")).toBe("disabled");
  });

  it("an approved request approves the pair: the requested move and the retirement", async () => {
    await settle("private", { exclusiveStages: ["production"], requireApproval: true });
    await reg("r1");
    const asked = await changeStageOrRequest(t.db, w.actors.member, w.org, "private", "model", "r1", { condition: { type: "production" } });
    expect(asked.pending).toBe(true);
    expect(await stageOf("e2")).toBe("production");
    const s = await approveStageRequest(t.db, w.actors.admin, w.org, "private", "model", "r1");
    expect(s.stage).toBe("production");
    expect(s.stage_conditions.at(-1)!.meta_info).toMatchObject({ decision: "approved", retired: ["e2", "k1"] });
    expect([await stageOf("e2"), await stageOf("k1")]).toEqual(["staging", "staging"]);
  });

  it("is the default of a new model, and an admin changes it in the settings", async () => {
    const access = await createProject(t.db, w.users.owner, w.org, { name: "fresh" });
    expect(access.project.settings.exclusiveStages).toEqual(["production"]);
    const s = await getProjectSettings(t.db, w.actors.owner, w.org, "fresh");
    expect(s).toMatchObject({ exclusiveStages: ["production"], exclusiveFallback: "staging", protectedAliases: ["champion"] });
    const changed = await updateProjectSettings(t.db, w.actors.owner, w.org, "fresh", { exclusive_stages: [], protected_aliases: ["champion", "prod-live"] });
    expect(changed).toMatchObject({ exclusiveStages: [], protectedAliases: ["champion", "prod-live"] });
    await expect(updateProjectSettings(t.db, w.actors.owner, w.org, "fresh", { protected_aliases: ["v2"] })).rejects.toBeInstanceOf(InvalidError);
  });
});

describe.runIf(onServer())("concurrent entries into an exclusive production on the PostgreSQL server", () => {
  it("16 concurrent entries leave one version there", async () => {
    await settle("restricted", { exclusiveStages: ["production"] });
    const names = Array.from({ length: 16 }, (_, i) => `c${i}`);
    for (const n of names) await reg(n, "restricted");
    await Promise.all(names.map((n) => move(n, "production", {}, "restricted", w.actors.owner)));
    const stages = await Promise.all(names.map((n) => stageOf(n, "restricted")));
    expect(stages.filter((s) => s === "production")).toHaveLength(1);
    expect(stages.filter((s) => s === "staging")).toHaveLength(15);
  });
});
