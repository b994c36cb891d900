// Stages on both databases: Polyaxon's exact stage object, conditions not applied, the server's clock,
// protected stages from the settings, what the UI offers, and serialised concurrent changes on the server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { activities, projects } from "@/db/schema";
import { createTestDb, onServer, type TestDb } from "@/db/testing/test-db";
import { buildAccessWorld, type AccessWorld } from "@/lib/testing/access-world";
import { loadProjectAccess } from "./access";
import { ForbiddenError, InvalidError, NotFoundError } from "./errors";
import { allowedStages, changeStage, getStages, stagePermission } from "./stages";
import { registerVersion } from "./versions";

let t: TestDb;
let w: AccessWorld;
beforeAll(async () => {
  t = await createTestDb();
  w = await buildAccessWorld(t.db, "st");
});
afterAll(async () => t.close());

const reg = (name: string, project = "private") => registerVersion(t.db, w.actors.owner, w.org, project, "model", { name });
const move = (name: string, condition: Record<string, unknown>, actor = w.actors.owner, project = "private") =>
  changeStage(t.db, actor, w.org, project, "model", name, { condition });

describe("the stage object", () => {
  it("is exactly {uuid, stage, stage_conditions}, each condition exactly Polyaxon's seven keys", async () => {
    const r = await reg("shape");
    const s = await move(
      "shape",
      {
        type: "staging",
        status: true,
        reason: "CliStageUpdate",
        message: "ready",
        last_update_time: "2001-01-01T00:00:00Z",
        last_transition_time: "2001-01-01T00:00:00Z",
      },
      w.actors.member,
    );
    expect(Object.keys(s).sort()).toEqual(["stage", "stage_conditions", "uuid"]);
    expect(s.uuid).toBe(r.version.uuid);
    expect(s.stage).toBe("staging");
    for (const c of s.stage_conditions) {
      expect(Object.keys(c).sort()).toEqual(["last_transition_time", "last_update_time", "message", "meta_info", "reason", "status", "type"]);
    }
    const [registered, staged] = s.stage_conditions;
    expect(registered).toMatchObject({ type: "testing", status: "True", reason: "Registered", meta_info: { user: "st-owner" } });
    expect(staged).toMatchObject({
      type: "staging",
      status: "True",
      reason: "CliStageUpdate",
      message: "ready",
      meta_info: { user: "st-member", from_stage: "testing" },
    });
    // the server's clock decides, not the client's
    expect(Date.now() - Date.parse(staged.last_transition_time)).toBeLessThan(60_000);
    expect(await getStages(t.db, w.actors.viewer, w.org, "private", "model", "shape")).toEqual(s);
  });

  it("a condition whose status is false is recorded without moving the version", async () => {
    await reg("maybe");
    for (const status of [false, "False", "false", "0"]) {
      const s = await move("maybe", { type: "staging", status, reason: "Proposed" });
      expect(s.stage).toBe("testing");
      expect(s.stage_conditions.at(-1)).toMatchObject({ type: "staging", status: "False", reason: "Proposed" });
    }
    expect((await move("maybe", { type: "staging", status: "True" })).stage).toBe("staging");
  });

  it("refuses an unknown stage or a missing condition, naming the field", async () => {
    await reg("strict");
    const bad = await move("strict", { type: "prod" }).catch((e) => e);
    expect(bad).toBeInstanceOf(InvalidError);
    expect(bad.fieldErrors["condition.type"][0]).toMatch(/testing, staging, production, disabled/);
    await expect(changeStage(t.db, w.actors.owner, w.org, "private", "model", "strict", {})).rejects.toBeInstanceOf(InvalidError);
    await expect(move("strict", { type: "staging", reason: "x".repeat(201) })).rejects.toBeInstanceOf(InvalidError);
  });

  it("records an activity with from, to and the reason", async () => {
    await reg("logged");
    await move("logged", { type: "disabled", reason: "Superseded" }, w.actors.member);
    const [a] = await t.db
      .select()
      .from(activities)
      .where(and(eq(activities.verb, "version.stage_changed"), eq(activities.target, "logged")));
    expect(a.details).toMatchObject({ from: "testing", to: "disabled", reason: "Superseded", applied: true });
    expect(a.actorId).toBe(w.users.member.userId);
  });

  it("an invisible model is NotFound; a viewer is Forbidden", async () => {
    await reg("hidden");
    await expect(move("hidden", { type: "staging" }, w.actors.outsider)).rejects.toBeInstanceOf(NotFoundError);
    await expect(move("hidden", { type: "staging" }, w.actors.viewer)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getStages(t.db, w.actors.anonymous, w.org, "private", "model", "hidden")).rejects.toBeInstanceOf(NotFoundError);
    await expect(getStages(t.db, w.actors.owner, w.org, "private", "model", "nope")).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("protected stages", () => {
  it("follow the model's settings: with staging protected, a member may not enter or leave it", async () => {
    await t.db
      .update(projects)
      .set({ settings: { protectedStages: ["staging", "production"] } })
      .where(eq(projects.id, w.projectIds.granted));
    await reg("guarded", "granted");
    await expect(move("guarded", { type: "staging" }, w.actors.member, "granted")).rejects.toBeInstanceOf(ForbiddenError);
    expect((await move("guarded", { type: "disabled" }, w.actors.member, "granted")).stage).toBe("disabled");
    await move("guarded", { type: "staging" }, w.actors.admin, "granted");
    await expect(move("guarded", { type: "testing" }, w.actors.member, "granted")).rejects.toBeInstanceOf(ForbiddenError);
    // the refused attempts left no trace in the history
    const s = await getStages(t.db, w.actors.viewer, w.org, "granted", "model", "guarded");
    expect(s.stage_conditions.map((c) => c.type)).toEqual(["testing", "disabled", "staging"]);
  });

  it("with none protected, a member may move into production", async () => {
    await t.db
      .update(projects)
      .set({ settings: { protectedStages: [] } })
      .where(eq(projects.id, w.projectIds.public));
    await reg("open", "public");
    expect((await move("open", { type: "production" }, w.actors.member, "public")).stage).toBe("production");
  });

  it("the stages offered match the permission rule for each role", async () => {
    const access = async (a: keyof AccessWorld["actors"], p = "private") => loadProjectAccess(t.db, w.actors[a], w.org, p);
    expect(allowedStages(await access("viewer"), "testing")).toEqual([]);
    expect(allowedStages(await access("member"), "testing")).toEqual(["staging", "disabled"]);
    expect(allowedStages(await access("member"), "production")).toEqual([]);
    expect(allowedStages(await access("admin"), "testing")).toEqual(["staging", "production", "disabled"]);
    const prod = await access("admin");
    expect(stagePermission(prod, "staging", "production")).toBe("stage.protected");
    expect(stagePermission(prod, "production", "disabled")).toBe("stage.protected");
    expect(stagePermission(prod, "testing", "staging")).toBe("stage.change");
  });
});

describe.runIf(onServer())("concurrent stage changes on the PostgreSQL server", () => {
  it("serialise: each entry starts from the stage the previous one left, and the stage is the last entry's", async () => {
    await reg("contested", "public");
    await t.db
      .update(projects)
      .set({ settings: { protectedStages: ["production"] } })
      .where(eq(projects.id, w.projectIds.public));
    const who = [w.actors.owner, w.actors.admin, w.actors.manager, w.actors.teamViewer];
    const stages = [
      "staging",
      "testing",
      "disabled",
      "production",
      "staging",
      "testing",
      "disabled",
      "staging",
      "production",
      "testing",
      "staging",
      "disabled",
    ] as const;
    await Promise.all(stages.map((type, i) => move("contested", { type, reason: `#${i}` }, who[i % who.length], "public")));
    const s = await getStages(t.db, w.actors.anonymous, w.org, "public", "model", "contested");
    expect(s.stage_conditions).toHaveLength(stages.length + 1);
    expect(s.stage).toBe(s.stage_conditions.at(-1)!.type);
    for (let i = 1; i < s.stage_conditions.length; i++) {
      expect(s.stage_conditions[i].meta_info.from_stage).toBe(s.stage_conditions[i - 1].type);
      expect(Date.parse(s.stage_conditions[i].last_transition_time)).toBeGreaterThanOrEqual(Date.parse(s.stage_conditions[i - 1].last_transition_time));
    }
  });
});
