// Runs on both databases: the permission matrix (read, log, update) over the access world, validation,
// PQL on params and metrics, the merge semantics of PATCH, the feature switch, and lineage visibility.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { activities, projects, versions } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { ACTOR_NAMES, EXPECTED_ROLE, PROJECT_NAMES, buildAccessWorld, refusalFor, type AccessWorld, type ProjectName } from "@/lib/testing/access-world";
import type { Actor } from "./actor";
import { InvalidError, NotFoundError } from "./errors";
import { createRun, getRun, listPromotedVersions, listRuns, locateRun, updateRun } from "./runs";

let t: TestDb;
let w: AccessWorld;
const base: Record<string, string> = {};
beforeAll(async () => {
  t = await createTestDb();
  w = await buildAccessWorld(t.db, "rn");
  for (const p of PROJECT_NAMES) {
    base[p] = (await createRun(t.db, w.actors.owner, w.org, p, { name: "base", outputs: { accuracy: 0.5 } })).run.uuid;
  }
});
afterAll(async () => t.close());

type Role = "viewer" | "member" | "admin";
const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2 };
/** The role each run action needs (DESIGN §4), written out here rather than read from lib/authz.ts. */
const ACTIONS: [string, Role, (a: Actor, p: ProjectName) => Promise<unknown>][] = [
  ["read a run", "viewer", (a, p) => getRun(t.db, a, w.org, p, base[p])],
  ["list runs", "viewer", (a, p) => listRuns(t.db, a, w.org, p, { limit: 5, offset: 0 })],
  ["log a run", "member", (a, p) => createRun(t.db, a, w.org, p, { name: "logged", inputs: { lr: 0.1 } })],
  ["update a run", "member", (a, p) => updateRun(t.db, a, w.org, p, base[p], { outputs: { loss: 0.3 } })],
];

describe("permission matrix (every actor × every project × every run action)", () => {
  for (const [action, needs, run] of ACTIONS) {
    for (const actor of ACTOR_NAMES) {
      for (const project of PROJECT_NAMES) {
        const role = EXPECTED_ROLE[actor][project];
        const allowed = role !== null && RANK[role] >= RANK[needs];
        it(`${actor} ${allowed ? "may" : "may not"} ${action} on ${project}`, async () => {
          const result = await run(w.actors[actor], project).then(
            () => "ok",
            (e) => e,
          );
          if (allowed) expect(result).toBe("ok");
          else if (role === null) expect(result).toBeInstanceOf(NotFoundError);
          else expect(result).toBeInstanceOf(refusalFor(actor));
        });
      }
    }
  }
});

describe("logging and reading runs", () => {
  it("stores params, metrics, artifacts, tags and status, and records the activity", async () => {
    const { run } = await createRun(t.db, w.actors.member, w.org, "private", {
      name: "resnet-lr-0.01",
      status: "running",
      tags: ["vision", "vision", "baseline"],
      inputs: { lr: 0.01, batch_size: 64, optimizer: { name: "adam" } },
      outputs: { accuracy: 0.91 },
      artifacts: [
        { name: "model", kind: "model", path: "s3://bucket/model.pt" },
        { name: "logs", path: "logs/" },
      ],
    });
    expect(run).toMatchObject({ name: "resnet-lr-0.01", status: "running", tags: ["vision", "baseline"], createdBy: "rn-member" });
    expect(run.inputs).toEqual({ lr: 0.01, batch_size: 64, optimizer: { name: "adam" } });
    expect(run.artifacts).toEqual([
      { name: "model", kind: "model", path: "s3://bucket/model.pt" },
      { name: "logs", kind: "file", path: "logs/" },
    ]);
    const acts = await t.db
      .select()
      .from(activities)
      .where(and(eq(activities.verb, "run.created"), eq(activities.target, "resnet-lr-0.01")));
    expect(acts).toHaveLength(1);
    expect(acts[0].actorId).toBe(w.users.member.userId);
  });

  it("refuses bad input with the field named", async () => {
    const bad: [unknown, string][] = [
      [{ status: "done" }, "status"],
      [{ outputs: { "val.acc": 1 } }, "outputs.val.acc"],
      [{ inputs: "lr=1" }, "inputs"],
      [{ artifacts: [{ name: "a" }, { name: "a" }] }, "artifacts"],
      [{ artifacts: [{ name: "" }] }, "artifacts.0.name"],
      [{ name: "x".repeat(300) }, "name"],
      [{ meta_info: { is_promoted: true } }, "_"],
    ];
    for (const [input, field] of bad) {
      const err = await createRun(t.db, w.actors.owner, w.org, "private", input).catch((e) => e);
      expect(err, JSON.stringify(input)).toBeInstanceOf(InvalidError);
      expect(
        Object.keys(err.fieldErrors).some((k) => k.startsWith(field.split(".")[0])),
        `${JSON.stringify(input)} → ${JSON.stringify(err.fieldErrors)}`,
      ).toBe(true);
    }
  });

  it("PATCH merges params and metrics (null removes a key) and replaces the rest", async () => {
    const { run } = await createRun(t.db, w.actors.member, w.org, "private", { name: "m", inputs: { lr: 0.1, epochs: 3 }, outputs: { loss: 1 }, tags: ["a"] });
    await updateRun(t.db, w.actors.member, w.org, "private", run.uuid, { outputs: { accuracy: 0.8 } });
    const r = await updateRun(t.db, w.actors.member, w.org, "private", run.uuid, {
      outputs: { loss: null, auc: 0.9 },
      inputs: { epochs: 5 },
      tags: ["b"],
      status: "succeeded",
    });
    expect(r.run.outputs).toEqual({ accuracy: 0.8, auc: 0.9 });
    expect(r.run.inputs).toEqual({ lr: 0.1, epochs: 5 });
    expect(r.run.tags).toEqual(["b"]);
    expect(r.run.status).toBe("succeeded");
    expect(r.run.updatedAt.getTime()).toBeGreaterThanOrEqual(run.updatedAt.getTime());
  });

  it("a run is found only in its own project; a malformed uuid is a 404, not a cast error", async () => {
    await expect(getRun(t.db, w.actors.owner, w.org, "public", base.private)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getRun(t.db, w.actors.owner, w.org, "private", "not-a-uuid")).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateRun(t.db, w.actors.owner, w.org, "private", "00000000-0000-4000-8000-000000000000", {})).rejects.toBeInstanceOf(NotFoundError);
  });

  it("with the runs feature disabled, logging and updating are refused but reading still works", async () => {
    const { run } = await createRun(t.db, w.actors.owner, w.org, "granted", { name: "before" });
    await t.db
      .update(projects)
      .set({ excludedFeatures: ["runs"] })
      .where(eq(projects.id, w.projectIds.granted));
    try {
      await expect(createRun(t.db, w.actors.owner, w.org, "granted", { name: "after" })).rejects.toBeInstanceOf(InvalidError);
      await expect(updateRun(t.db, w.actors.owner, w.org, "granted", run.uuid, { status: "failed" })).rejects.toBeInstanceOf(InvalidError);
      expect((await getRun(t.db, w.actors.owner, w.org, "granted", run.uuid)).run.name).toBe("before");
    } finally {
      await t.db.update(projects).set({ excludedFeatures: [] }).where(eq(projects.id, w.projectIds.granted));
    }
  });
});

describe("PQL on runs", () => {
  const org = () => w.org;
  beforeAll(async () => {
    const grid: [string, number, number, string][] = [
      ["q-a", 0.1, 0.7, "succeeded"],
      ["q-b", 0.01, 0.93, "succeeded"],
      ["q-c", 0.001, 0.88, "failed"],
      ["q-d", 0.01, 0.95, "running"],
    ];
    for (const [name, lr, acc, status] of grid) {
      await createRun(t.db, w.actors.owner, org(), "restricted", {
        name,
        status,
        tags: lr === 0.01 ? ["sweep"] : [],
        inputs: { lr, batch_size: 32 },
        outputs: { accuracy: acc },
      });
    }
  });
  const names = async (query: string, sort = "name") =>
    (await listRuns(t.db, w.actors.owner, org(), "restricted", { query, sort, limit: 50, offset: 0 })).results.map((r) => r.name);

  it("filters on metrics, params, status, tags and name, and sorts by a metric", async () => {
    expect(await names("outputs.accuracy:>=0.9")).toEqual(["q-b", "q-d"]);
    expect(await names("inputs.lr:0.01, status:~running")).toEqual(["q-b"]);
    expect(await names("status:failed|running")).toEqual(["q-c", "q-d"]);
    expect(await names("tags:sweep")).toEqual(["q-b", "q-d"]);
    expect(await names("name:q-%", "-outputs.accuracy")).toEqual(["q-d", "q-b", "q-c", "q-a"]);
    expect(await names("name:q-%", "outputs.accuracy")).toEqual(["q-a", "q-c", "q-b", "q-d"]);
  });

  it("a bad query or sort is an InvalidError naming the position, never a database error", async () => {
    const q = await listRuns(t.db, w.actors.owner, org(), "restricted", { query: "stauts:failed", limit: 5, offset: 0 }).catch((e) => e);
    expect(q).toBeInstanceOf(InvalidError);
    expect(q.fieldErrors.query[0]).toMatch(/position 0/);
    await expect(listRuns(t.db, w.actors.owner, org(), "restricted", { query: "status:done", limit: 5, offset: 0 })).rejects.toBeInstanceOf(InvalidError);
    await expect(listRuns(t.db, w.actors.owner, org(), "restricted", { sort: "-accuracy", limit: 5, offset: 0 })).rejects.toBeInstanceOf(InvalidError);
    await expect(listRuns(t.db, w.actors.owner, org(), "restricted", { query: "uuid:123", limit: 5, offset: 0 })).rejects.toBeInstanceOf(InvalidError);
  });

  it("counts and pages", async () => {
    const page = await listRuns(t.db, w.actors.owner, org(), "restricted", { query: "name:q-%", sort: "name", limit: 3, offset: 1 });
    expect(page.count).toBe(4);
    expect(page.countCapped).toBe(false);
    expect(page.results.map((r) => r.name)).toEqual(["q-b", "q-c", "q-d"]);
  });
});

describe("lineage visibility", () => {
  it("lists the versions linked to a run only in projects the actor may read", async () => {
    const { run } = await getRun(t.db, w.actors.owner, w.org, "private", base.private);
    await t.db.insert(versions).values([
      { projectId: w.projectIds.private, name: "from-run", runId: run.id },
      { projectId: w.projectIds.public, name: "from-run-pub", runId: run.id },
    ]);
    const forOwner = await listPromotedVersions(t.db, w.actors.owner, run.id);
    expect(forOwner.map((v) => `${v.project}:${v.name}`).sort()).toEqual(["private:from-run", "public:from-run-pub"]);
    const forOutsider = await listPromotedVersions(t.db, w.actors.outsider, run.id);
    expect(forOutsider.map((v) => `${v.project}:${v.name}`)).toEqual(["public:from-run-pub"]);
  });

  it("locateRun finds a run's project by uuid only for those who may read it", async () => {
    expect(await locateRun(t.db, w.actors.member, base.private)).toEqual({ owner: w.org, project: "private" });
    await expect(locateRun(t.db, w.actors.outsider, base.private)).rejects.toBeInstanceOf(NotFoundError);
    await expect(locateRun(t.db, w.actors.anonymous, base.private)).rejects.toBeInstanceOf(NotFoundError);
    expect(await locateRun(t.db, w.actors.anonymous, base.public)).toEqual({ owner: w.org, project: "public" });
    await expect(locateRun(t.db, w.actors.owner, "nope")).rejects.toBeInstanceOf(NotFoundError);
  });
});
