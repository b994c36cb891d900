// The approval workflow for protected stages on both databases: a member's request on a model that
// requires approval, every refusal (viewer, member approving, outsider, signed out, stale requests), the
// history it leaves, and — on the PostgreSQL server — concurrent approvals of which exactly one wins.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { activities, projects, stageConditions } from "@/db/schema";
import { createTestDb, onServer, type TestDb } from "@/db/testing/test-db";
import { buildAccessWorld, type AccessWorld } from "@/lib/testing/access-world";
import type { Actor } from "./actor";
import { loadProjectAccess } from "./access";
import { approveStageRequest, awaitingApproval, countAwaitingApproval, pendingRequestOf, rejectStageRequest, withdrawStageRequest } from "./approvals";
import { ConflictError, ForbiddenError, InvalidError, NotFoundError, UnauthorizedError } from "./errors";
import { allowedStages, changeStage, changeStageOrRequest, getStages, requestableStages } from "./stages";
import { registerVersion } from "./versions";

let t: TestDb;
let w: AccessWorld;
beforeAll(async () => {
  t = await createTestDb();
  w = await buildAccessWorld(t.db, "ap");
  // `private` and `public` require approval (production protected by default); `granted` does not.
  for (const p of ["private", "public"] as const) {
    await t.db
      .update(projects)
      .set({ settings: { requireApproval: true } })
      .where(eq(projects.id, w.projectIds[p]));
  }
});
afterAll(async () => t.close());

const reg = async (name: string, project = "private") => (await registerVersion(t.db, w.actors.owner, w.org, project, "model", { name })).version;
const ask = (name: string, type: string, actor: Actor = w.actors.member, project = "private", extra: Record<string, unknown> = {}) =>
  changeStageOrRequest(t.db, actor, w.org, project, "model", name, { condition: { type, reason: `to ${type}`, ...extra } });
const approve = (name: string, actor: Actor = w.actors.admin, project = "private", input: Record<string, unknown> = {}) =>
  approveStageRequest(t.db, actor, w.org, project, "model", name, input);
const reject = (name: string, actor: Actor = w.actors.admin, project = "private", input: Record<string, unknown> = {}) =>
  rejectStageRequest(t.db, actor, w.org, project, "model", name, input);
const withdraw = (name: string, actor: Actor = w.actors.member, project = "private") => withdrawStageRequest(t.db, actor, w.org, project, "model", name, {});
const stageOf = async (name: string, project = "private") => (await getStages(t.db, w.actors.owner, w.org, project, "model", name)).stage;

describe("a member's request on a model that requires approval", () => {
  it("records a pending condition; the version stays; the answer says pending", async () => {
    const v = await reg("req");
    const r = await ask("req", "production");
    expect(r.pending).toBe(true);
    expect(r.stage.stage).toBe("testing");
    expect(Object.keys(r.stage).sort()).toEqual(["stage", "stage_conditions", "uuid"]);
    const last = r.stage.stage_conditions.at(-1)!;
    expect(Object.keys(last).sort()).toEqual(["last_transition_time", "last_update_time", "message", "meta_info", "reason", "status", "type"]);
    expect(last).toMatchObject({ type: "production", status: "Pending", reason: "to production", meta_info: { user: "ap-member", from_stage: "testing" } });
    expect(last.meta_info.request_id).toMatch(/^[0-9a-f-]{36}$/);
    const p = await pendingRequestOf(t.db, v.id);
    expect(p).toMatchObject({
      type: "production",
      fromStage: "testing",
      requestedBy: "ap-member",
      reason: "to production",
      requestId: last.meta_info.request_id,
    });
    const [a] = await t.db
      .select()
      .from(activities)
      .where(and(eq(activities.verb, "version.stage_requested"), eq(activities.target, "req")));
    expect(a.details).toMatchObject({ from: "testing", to: "production", applied: false });
  });

  it("out of a protected stage too; a non-protected change still moves at once", async () => {
    await reg("out");
    await changeStage(t.db, w.actors.admin, w.org, "private", "model", "out", { condition: { type: "production" } });
    const r = await ask("out", "staging");
    expect(r).toMatchObject({ pending: true, stage: { stage: "production" } });
    await reg("plain");
    expect(await ask("plain", "staging")).toMatchObject({ pending: false, stage: { stage: "staging" } });
  });

  it("an admin's change is never a request", async () => {
    await reg("direct");
    expect(await ask("direct", "production", w.actors.admin)).toMatchObject({ pending: false, stage: { stage: "production" } });
  });

  it("one pending request per version: another is a 409 naming who asked", async () => {
    await reg("twice");
    await ask("twice", "production");
    const again = await ask("twice", "production", w.actors.teamAdmin).catch((e) => e);
    expect(again).toBeInstanceOf(ConflictError);
    expect(again.message).toMatch(/ap-member already asked to move twice to production/);
    expect(await ask("twice", "production").catch((e) => e)).toBeInstanceOf(ConflictError);
  });

  it("a condition with status false is not a request: the member is refused as before", async () => {
    await reg("proposal");
    await expect(ask("proposal", "production", w.actors.member, "private", { status: false })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("without requireApproval, a member is refused for a protected stage (403), as before", async () => {
    await reg("noflow", "granted");
    await expect(ask("noflow", "production", w.actors.member, "granted")).rejects.toBeInstanceOf(ForbiddenError);
    const s = await getStages(t.db, w.actors.owner, w.org, "granted", "model", "noflow");
    expect(s.stage_conditions.map((c) => c.status)).toEqual(["True"]);
  });

  it("a viewer may not request (403), signed out 401 on a public model, an outsider 404 on a private one", async () => {
    await reg("refusals");
    await reg("refusals", "public");
    await expect(ask("refusals", "production", w.actors.viewer)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(ask("refusals", "production", w.actors.anonymous, "public")).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(ask("refusals", "production", w.actors.outsider)).rejects.toBeInstanceOf(NotFoundError);
    await expect(ask("refusals", "production", w.actors.anonymous)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("what the stage form offers: members may ask for protected stages, admins move directly", async () => {
    const member = await loadProjectAccess(t.db, w.actors.member, w.org, "private");
    expect(allowedStages(member, "testing")).toEqual(["staging", "disabled"]);
    expect(requestableStages(member, "testing")).toEqual(["production"]);
    expect(requestableStages(member, "production")).toEqual(["testing", "staging", "disabled"]);
    const admin = await loadProjectAccess(t.db, w.actors.admin, w.org, "private");
    expect(requestableStages(admin, "testing")).toEqual([]);
    expect(requestableStages(await loadProjectAccess(t.db, w.actors.viewer, w.org, "private"), "testing")).toEqual([]);
    expect(requestableStages(await loadProjectAccess(t.db, w.actors.member, w.org, "granted"), "testing")).toEqual([]);
  });
});

describe("deciding on a request", () => {
  it("an admin approves: the version moves, the request is closed, the decision and the activity are recorded", async () => {
    const v = await reg("ok");
    const asked = await ask("ok", "production");
    const requestId = asked.stage.stage_conditions.at(-1)!.meta_info.request_id;
    const s = await approve("ok", w.actors.admin, "private", { reason: "Shadow test passed", request_id: requestId });
    expect(s.stage).toBe("production");
    expect(s.stage_conditions.map((c) => c.status)).toEqual(["True", "Requested", "True"]);
    expect(s.stage_conditions.at(-1)).toMatchObject({
      type: "production",
      status: "True",
      reason: "Shadow test passed",
      meta_info: { user: "ap-admin", from_stage: "testing", decision: "approved", requested_by: "ap-member", request_id: requestId },
    });
    expect(await pendingRequestOf(t.db, v.id)).toBeNull();
    const [a] = await t.db
      .select()
      .from(activities)
      .where(and(eq(activities.verb, "version.stage_changed"), eq(activities.target, "ok")));
    expect(a.details).toMatchObject({ from: "testing", to: "production", applied: true, requested_by: "ap-member" });
    expect(a.actorId).toBe(w.users.admin.userId);
    // decided: nothing left to approve
    expect(await approve("ok").catch((e) => e)).toBeInstanceOf(ConflictError);
  });

  it("an admin rejects: the version stays and a Rejected condition is appended; the member may ask again", async () => {
    await reg("no");
    await ask("no", "production");
    const s = await reject("no", w.actors.owner, "private", { reason: "Fails the fairness check" });
    expect(s.stage).toBe("testing");
    expect(s.stage_conditions.at(-1)).toMatchObject({
      type: "production",
      status: "Rejected",
      reason: "Fails the fairness check",
      meta_info: { decision: "rejected", requested_by: "ap-member" },
    });
    expect(s.stage_conditions.at(-2)!.status).toBe("Requested");
    expect((await ask("no", "production")).pending).toBe(true);
  });

  it("the author withdraws; nobody else may", async () => {
    await reg("mine");
    await ask("mine", "production");
    await expect(withdraw("mine", w.actors.teamAdmin)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(withdraw("mine", w.actors.admin)).rejects.toBeInstanceOf(ForbiddenError);
    const s = await withdraw("mine");
    expect(s.stage).toBe("testing");
    expect(s.stage_conditions.at(-1)).toMatchObject({ status: "Withdrawn", meta_info: { user: "ap-member", decision: "withdrawn" } });
    expect(await withdraw("mine").catch((e) => e)).toBeInstanceOf(ConflictError);
  });

  it("refusals: member and viewer may not approve or reject (403), signed out 401, outsider 404", async () => {
    await reg("guard");
    await reg("guard", "public");
    await ask("guard", "production");
    await ask("guard", "production", w.actors.member, "public");
    for (const decide of [approve, reject]) {
      await expect(decide("guard", w.actors.member)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(decide("guard", w.actors.viewer)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(decide("guard", w.actors.outsider)).rejects.toBeInstanceOf(NotFoundError);
      await expect(decide("guard", w.actors.anonymous)).rejects.toBeInstanceOf(NotFoundError);
      await expect(decide("guard", w.actors.anonymous, "public")).rejects.toBeInstanceOf(UnauthorizedError);
      await expect(decide("guard", w.actors.outsider, "public")).rejects.toBeInstanceOf(ForbiddenError);
    }
    await expect(withdraw("guard", w.actors.anonymous, "public")).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(withdraw("guard", w.actors.outsider)).rejects.toBeInstanceOf(NotFoundError);
    await expect(approve("nope")).rejects.toBeInstanceOf(NotFoundError);
    // still pending after every refusal
    expect(await stageOf("guard")).toBe("testing");
    expect((await getStages(t.db, w.actors.owner, w.org, "private", "model", "guard")).stage_conditions.at(-1)!.status).toBe("Pending");
  });

  it("approval after the version's stage changed is a 409; the request stays for a rejection", async () => {
    await reg("moved");
    await ask("moved", "production");
    await changeStage(t.db, w.actors.member, w.org, "private", "model", "moved", { condition: { type: "staging" } });
    const err = await approve("moved").catch((e) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.message).toMatch(/moved from testing to staging since ap-member asked/);
    expect(await stageOf("moved")).toBe("staging");
    expect((await reject("moved")).stage_conditions.at(-1)!.status).toBe("Rejected");
  });

  it("a stale request_id is a 409; a malformed one a 400", async () => {
    await reg("stale");
    const first = (await ask("stale", "production")).stage.stage_conditions.at(-1)!.meta_info.request_id as string;
    await withdraw("stale");
    await ask("stale", "disabled", w.actors.member, "private", { status: true });
    // disabled is not protected: that moved at once; ask for production again from disabled
    await ask("stale", "production");
    await expect(approve("stale", w.actors.admin, "private", { request_id: first })).rejects.toBeInstanceOf(ConflictError);
    await expect(approve("stale", w.actors.admin, "private", { request_id: "nope" })).rejects.toBeInstanceOf(InvalidError);
    expect((await approve("stale")).stage).toBe("production");
  });

  it("lists find the versions awaiting approval in one query", async () => {
    const a = await reg("flag-a", "public");
    const b = await reg("flag-b", "public");
    const before = await countAwaitingApproval(t.db, w.projectIds.public);
    await ask("flag-a", "production", w.actors.member, "public");
    const m = await awaitingApproval(t.db, [a.id, b.id]);
    expect([...m.entries()]).toEqual([[a.id, "production"]]);
    expect(await countAwaitingApproval(t.db, w.projectIds.public)).toBe(before + 1);
    expect(await awaitingApproval(t.db, [])).toEqual(new Map());
  });

  it("the database keeps one pending request per version, whatever the code does", async () => {
    const v = await reg("index");
    await ask("index", "production");
    const dup = await t.db
      .insert(stageConditions)
      .values({ versionId: v.id, type: "production", status: "Pending" })
      .catch((e) => e);
    expect(dup).toBeInstanceOf(Error);
  });
});

describe.runIf(onServer())("concurrent decisions on the PostgreSQL server", () => {
  it("three admins approve at once: exactly one wins, the others get a 409, the history has one move", async () => {
    await reg("race");
    await ask("race", "production");
    const results = await Promise.all(
      [approve("race", w.actors.admin), approve("race", w.actors.owner), approve("race", w.actors.manager)].map((p) =>
        p.then(
          () => "ok",
          (e) => e,
        ),
      ),
    );
    expect(results.filter((r) => r === "ok")).toHaveLength(1);
    for (const r of results.filter((r) => r !== "ok")) expect(r).toBeInstanceOf(ConflictError);
    const s = await getStages(t.db, w.actors.owner, w.org, "private", "model", "race");
    expect(s.stage_conditions).toHaveLength(3);
    expect(s.stage_conditions[1].status).toBe("Requested");
    expect(s.stage_conditions[2].status).toBe("True");
    expect(s.stage).toBe("production");
  });

  it("two members ask at once: one request is recorded, the other is a 409", async () => {
    await reg("rush");
    const results = await Promise.all(
      [ask("rush", "production"), ask("rush", "production", w.actors.teamAdmin)].map((p) =>
        p.then(
          () => "ok",
          (e) => e,
        ),
      ),
    );
    expect(results.filter((r) => r === "ok")).toHaveLength(1);
    expect(results.find((r) => r !== "ok")).toBeInstanceOf(ConflictError);
  });
});
