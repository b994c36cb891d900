// The demo seed's runs: acme/training holds a season of runs, and every acme/fraud-detector version is
// promoted from one of them with matching metrics, the run flagged as promoted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq, isNotNull } from "drizzle-orm";
import { activities, organizations, projects, runs, versions } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { seedDemo } from "./index";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await seedDemo(t.db, "demo-password-123");
}, 120_000);
afterAll(async () => t.close());

const projectId = async (name: string) =>
  (
    await t.db
      .select({ id: projects.id })
      .from(projects)
      .innerJoin(organizations, eq(organizations.id, projects.orgId))
      .where(and(eq(organizations.name, "acme"), eq(projects.name, name)))
  )[0].id;

describe("demo runs", () => {
  it("acme/training has a dozen and more runs with params, metrics and every status", async () => {
    const rows = await t.db
      .select()
      .from(runs)
      .where(eq(runs.projectId, await projectId("training")));
    expect(rows.length).toBeGreaterThanOrEqual(12);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(["created", "running", "succeeded", "failed", "stopped"]));
    for (const r of rows.filter((x) => x.status === "succeeded")) {
      expect(Object.keys(r.inputs)).toEqual(expect.arrayContaining(["lr", "batch_size", "epochs"]));
      expect(Object.keys(r.outputs)).toEqual(expect.arrayContaining(["accuracy", "auc", "f1", "loss"]));
    }
  });

  it("every fraud-detector version links to a promoted run of acme/training with the same metrics", async () => {
    const training = await projectId("training");
    const linked = await t.db
      .select({
        name: versions.name,
        meta: versions.metaInfo,
        artifacts: versions.artifacts,
        runProject: runs.projectId,
        outputs: runs.outputs,
        runMeta: runs.metaInfo,
        runArtifacts: runs.artifacts,
      })
      .from(versions)
      .innerJoin(runs, eq(runs.id, versions.runId))
      .where(and(eq(versions.projectId, await projectId("fraud-detector")), isNotNull(versions.runId)));
    expect(linked).toHaveLength(12);
    for (const v of linked) {
      expect(v.runProject).toBe(training);
      expect(v.runMeta.is_promoted).toBe(true);
      const metrics = (v.meta as { metrics: Record<string, number> }).metrics;
      expect(v.outputs.auc, v.name).toBe(metrics.auc);
      expect(v.outputs.accuracy, v.name).toBe(metrics.accuracy);
      for (const a of v.artifacts) expect(v.runArtifacts.map((x) => x.name)).toContain(a);
    }
    const unpromoted = await t.db
      .select({ meta: runs.metaInfo })
      .from(runs)
      .where(and(eq(runs.projectId, training), eq(runs.status, "failed")));
    expect(unpromoted.every((r) => r.meta.is_promoted === undefined)).toBe(true);
  });

  it("the activity log is dated like the stage history: registrations and moves at their times, not at seeding", async () => {
    const fd = await projectId("fraud-detector");
    const [v1] = await t.db
      .select({ id: versions.id, createdAt: versions.createdAt })
      .from(versions)
      .where(and(eq(versions.projectId, fd), eq(versions.name, "v1")));
    const acts = await t.db
      .select({ verb: activities.verb, at: activities.createdAt })
      .from(activities)
      .where(and(eq(activities.projectId, fd), eq(activities.target, "v1")))
      .orderBy(asc(activities.id));
    expect(acts.find((a) => a.verb === "version.registered")?.at.getTime()).toBe(v1.createdAt.getTime());
    const moves = acts.filter((a) => a.verb === "version.stage_changed").map((a) => a.at.getTime());
    expect(moves.length).toBeGreaterThan(0);
    expect([...moves].sort((a, b) => a - b)).toEqual(moves);
    expect(moves.at(-1)!).toBeLessThan(Date.now() - 3600_000);
  });
});
