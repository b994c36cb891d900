import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { ACTOR_NAMES, EXPECTED_ROLE, PROJECT_NAMES, buildAccessWorld, type AccessWorld } from "@/db/testing/access-world";
import { ForbiddenError, InvalidError, NotFoundError } from "./errors";
import { createProject } from "./projects";
import { updateProjectSettings } from "./project-settings";
import { createRun, getRun, listRuns, promoteRun, updateRun } from "./runs";

let t: TestDb;
let w: AccessWorld;
let other: AccessWorld;
const runIn: Record<string, string> = {};
beforeAll(async () => {
  t = await createTestDb();
  w = await buildAccessWorld(t.db);
  other = await buildAccessWorld(t.db, "o");
  for (const p of PROJECT_NAMES) {
    runIn[p] = (await createRun(t.db, w.actors.owner, w.org, p, { name: `run-${p}`, status: "succeeded", inputs: { lr: 0.01 }, outputs: { accuracy: 0.9 }, artifacts: [{ name: "model.pt", kind: "model", path: "/m" }] })).run.uuid;
  }
  // `public` accepts runs of `private`
  await updateProjectSettings(t.db, w.actors.owner, w.org, "public", { sources: ["private"] });
});
afterAll(async () => t.close());

describe("runs: permission matrix", () => {
  const RANK = { viewer: 0, member: 1, admin: 2 } as const;
  let i = 0;
  for (const [action, needs] of [["read", "viewer"], ["log", "member"], ["update", "member"]] as const) {
    for (const actor of ACTOR_NAMES) {
      for (const project of PROJECT_NAMES) {
        const role = EXPECTED_ROLE[actor][project];
        const allowed = role !== null && RANK[role] >= RANK[needs];
        const n = i++;
        it(`${actor} ${allowed ? "may" : "may not"} ${action} runs of ${project}`, async () => {
          const a = w.actors[actor];
          const run = () =>
            action === "read" ? getRun(t.db, a, w.org, project, runIn[project])
            : action === "log" ? createRun(t.db, a, w.org, project, { name: `r${n}` })
            : updateRun(t.db, a, w.org, project, runIn[project], { status: "succeeded" });
          const result = await run().then(() => "ok", (e) => e);
          if (allowed) expect(result).toBe("ok");
          else expect(result).toBeInstanceOf(role === null ? NotFoundError : ForbiddenError);
        });
      }
    }
  }
});

describe("runs", () => {
  it("validates status and lists with PQL on outputs", async () => {
    await expect(createRun(t.db, w.actors.owner, w.org, "private", { status: "exploded" })).rejects.toBeInstanceOf(InvalidError);
    await createRun(t.db, w.actors.owner, w.org, "private", { name: "good", outputs: { accuracy: 0.97 } });
    const r = await listRuns(t.db, w.actors.viewer, w.org, "private", { query: "outputs.accuracy:>0.95", limit: 10, offset: 0 });
    expect(r.results.map((x) => x.name)).toEqual(["good"]);
    await expect(listRuns(t.db, w.actors.viewer, w.org, "private", { query: "outputs.accuracy:>high", limit: 10, offset: 0 })).rejects.toBeInstanceOf(InvalidError);
  });
});

describe("promotion", () => {
  it("promotes a run of the model itself, with metrics, params and the run link; flags the run", async () => {
    const v = await promoteRun(t.db, w.actors.member, w.org, "private", runIn.private, { project: `${w.org}/private`, name: "from-run" });
    expect(v.version).toMatchObject({ name: "from-run", runUuid: runIn.private, metaInfo: { metrics: { accuracy: 0.9 }, params: { lr: 0.01 } }, artifacts: ["model.pt"] });
    const r = await getRun(t.db, w.actors.viewer, w.org, "private", runIn.private);
    expect(r.run.metaInfo).toMatchObject({ is_promoted: true });
    expect(r.promoted.map((p) => p.name)).toContain("from-run");
  });
  it("promotes from an allowed source project", async () => {
    const v = await promoteRun(t.db, w.actors.member, w.org, "private", runIn.private, { project: "public" });
    expect(v.access.project.name).toBe("public");
  });
  it("refuses a source that is not allowed", async () => {
    const err = await promoteRun(t.db, w.actors.owner, w.org, "granted", runIn.granted, { project: "public" }).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidError);
    expect(err.message).toContain("the run is not accessible from this project");
  });
  it("refuses another organization", async () => {
    await createProject(t.db, other.actors.owner, other.org, { name: "target" });
    const err = await promoteRun(t.db, w.actors.owner, w.org, "private", runIn.private, { project: `${other.org}/target` }).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidError);
  });
  it("refuses without write on the target", async () => {
    const err = await promoteRun(t.db, w.actors.viewer, w.org, "private", runIn.private, { project: "public" }).catch((e) => e);
    expect(err).toBeInstanceOf(ForbiddenError);
  });
  it("refuses without read on the source", async () => {
    // teamViewer has admin on public but only viewer on restricted; outsider cannot see private at all
    const err = await promoteRun(t.db, w.actors.outsider, w.org, "private", runIn.private, { project: "public" }).catch((e) => e);
    expect(err).toBeInstanceOf(NotFoundError);
  });
  it("refuses when the target's models feature is disabled", async () => {
    await createProject(t.db, w.actors.owner, w.org, { name: "runs-only" });
    await updateProjectSettings(t.db, w.actors.owner, w.org, "runs-only", { excluded_features: ["models"] });
    const { run } = await createRun(t.db, w.actors.owner, w.org, "runs-only", { name: "x" });
    const err = await promoteRun(t.db, w.actors.owner, w.org, "runs-only", run.uuid, { project: "runs-only" }).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidError);
    expect(err.message).toContain("models feature is disabled");
  });
  it("refuses logging runs when the runs feature is disabled", async () => {
    await updateProjectSettings(t.db, w.actors.owner, w.org, "runs-only", { excluded_features: ["runs"] });
    await expect(createRun(t.db, w.actors.owner, w.org, "runs-only", {})).rejects.toBeInstanceOf(InvalidError);
  });
});
