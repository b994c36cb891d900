// Promotion on both databases: what a promoted version inherits, every refusal (other organization, source
// not allowed, no read on the source, no write on the target, a feature disabled) through promoteRun, through
// resolveRunForVersion and through version registration with a run uuid, the same-transaction guarantee,
// the dialog's choice of targets, and the promote row of the permission matrix over the access world.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { activities, projects, projectSources, projectUsers, runs, versions } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { ACTOR_NAMES, EXPECTED_ROLE, PROJECT_NAMES, buildAccessWorld, refusalFor, type AccessWorld } from "@/lib/testing/access-world";
import { addMember, makeOrg, makeUser } from "@/lib/testing/fixtures";
import type { UserActor } from "./actor";
import { loadProjectAccess } from "./access";
import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from "./errors";
import { NOT_ACCESSIBLE, promoteRun, promotionTargets, resolveRunForVersion } from "./promote";
import { createRun, getRun, listPromotedVersions } from "./runs";
import { registerVersion } from "./versions";

let t: TestDb;
let w: AccessWorld;
type Who = "owner" | "member" | "viewer" | "granted";
const u = {} as Record<Who, UserActor>;
const ORG = "pm-org";
const OTHER = "pm-other";
let ids: Record<"training" | "model" | "closed" | "hub" | "foreign", number>;

const RUN = {
  name: "xgb-depth-8",
  status: "succeeded",
  tags: ["weekly"],
  inputs: { lr: 0.05, batch_size: 4096, epochs: 40 },
  outputs: { accuracy: 0.94, auc: 0.981, f1: 0.81, loss: 0.12 },
  artifacts: [
    { name: "model", kind: "model", path: "outputs/model.json" },
    { name: "report", kind: "html", path: "outputs/report.html" },
  ],
};
const newRun = async (project = "training", name = RUN.name) => (await createRun(t.db, u.owner, ORG, project, { ...RUN, name })).run;
const setExcluded = (id: number, f: string[]) => t.db.update(projects).set({ excludedFeatures: f }).where(eq(projects.id, id));

beforeAll(async () => {
  t = await createTestDb();
  w = await buildAccessWorld(t.db, "pw");
  for (const n of ["owner", "member", "viewer", "granted"] as Who[]) u[n] = await makeUser(t.db, `pm-${n}`);
  const orgId = await makeOrg(t.db, ORG, u.owner);
  await addMember(t.db, orgId, u.member, "member");
  await addMember(t.db, orgId, u.viewer, "viewer");
  const otherId = await makeOrg(t.db, OTHER, u.owner);
  await addMember(t.db, otherId, u.member, "member");
  const make = async (org: number, name: string, excluded: string[] = []) =>
    (await t.db.insert(projects).values({ orgId: org, name, excludedFeatures: excluded }).returning({ id: projects.id }))[0].id;
  ids = {
    training: await make(orgId, "training", ["models"]),
    model: await make(orgId, "model"),
    closed: await make(orgId, "closed"),
    hub: await make(orgId, "hub"),
    foreign: await make(otherId, "foreign"),
  };
  // `foreign` names training as a source although it is in another organization: the rule must still refuse.
  await t.db.insert(projectSources).values([
    { projectId: ids.model, sourceProjectId: ids.training },
    { projectId: ids.foreign, sourceProjectId: ids.training },
  ]);
  // An outsider who may write the model but not read the training project.
  await t.db.insert(projectUsers).values({ projectId: ids.model, userId: u.granted.userId, role: "member" });
});
afterAll(async () => t.close());

describe("promoting a run", () => {
  it("creates v{n} linked to the run with its metrics, params and artifacts, and marks the run promoted", async () => {
    const run = await newRun();
    const r = await promoteRun(t.db, u.member, ORG, "training", run.uuid, { project: `${ORG}/model` });
    expect(r.version).toMatchObject({ name: "v1", stage: "testing", runId: run.id, artifacts: ["model", "report"], createdBy: "pm-member" });
    expect(r.version.metaInfo).toEqual({ metrics: RUN.outputs, params: RUN.inputs });
    expect(r.version.description).toMatch(/xgb-depth-8/);
    const [after] = await t.db.select({ meta: runs.metaInfo }).from(runs).where(eq(runs.id, run.id));
    expect(after.meta.is_promoted).toBe(true);
    const acts = await t.db
      .select()
      .from(activities)
      .where(and(eq(activities.verb, "run.promoted"), eq(activities.projectId, ids.training)));
    expect(acts.at(-1)?.details).toMatchObject({ run: run.uuid, to: `${ORG}/model`, version: "v1" });
    expect((await listPromotedVersions(t.db, u.member, run.id)).map((v) => `${v.owner}/${v.project}:${v.name}`)).toEqual([`${ORG}/model:v1`]);
  });

  it("takes a name, description, tags and a subset of the artifacts; refuses artifacts the run does not have", async () => {
    const run = await newRun("training", "named");
    const r = await promoteRun(t.db, u.member, ORG, "training", run.uuid, {
      project: `${ORG}/model`,
      name: "fraud-2024.06",
      description: "June",
      tags: ["gbm"],
      artifacts: ["model"],
    });
    expect(r.version).toMatchObject({ name: "fraud-2024.06", description: "June", tags: ["gbm"], artifacts: ["model"] });
    const bad = await promoteRun(t.db, u.member, ORG, "training", run.uuid, { project: `${ORG}/model`, artifacts: ["weights"] }).catch((e) => e);
    expect(bad).toBeInstanceOf(InvalidError);
    expect(bad.fieldErrors.artifacts[0]).toMatch(/weights/);
  });

  it("a run promotes into its own project when that project hosts models", async () => {
    const run = await newRun("hub", "hub-run");
    const r = await promoteRun(t.db, u.member, ORG, "hub", run.uuid, { project: "hub" });
    expect(r.access.project.name).toBe("hub");
    expect(r.version.runId).toBe(run.id);
  });

  it("a failed registration leaves the run unmarked (one transaction)", async () => {
    const run = await newRun("training", "clash");
    await registerVersion(t.db, u.owner, ORG, "model", "model", { name: "taken" });
    const err = await promoteRun(t.db, u.member, ORG, "training", run.uuid, { project: `${ORG}/model`, name: "taken" }).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.fieldErrors.name[0]).toMatch(/choose another name/);
    const [after] = await t.db.select({ meta: runs.metaInfo }).from(runs).where(eq(runs.id, run.id));
    expect(after.meta.is_promoted).toBeUndefined();
    expect(await t.db.select().from(versions).where(eq(versions.runId, run.id))).toHaveLength(0);
  });

  it("refuses a malformed body", async () => {
    const run = await newRun();
    for (const body of [{}, { project: "a/b/c" }, { project: `${ORG}/model`, color: "red" }, { project: `${ORG}/model`, tags: "x" }]) {
      await expect(promoteRun(t.db, u.member, ORG, "training", run.uuid, body), JSON.stringify(body)).rejects.toBeInstanceOf(InvalidError);
    }
  });
});

describe("every refusal", () => {
  let run: Awaited<ReturnType<typeof newRun>>;
  beforeAll(async () => {
    run = await newRun("training", "refused");
  });
  const promote = (who: UserActor, target: string) => promoteRun(t.db, who, ORG, "training", run.uuid, { project: target });
  const resolve = async (who: UserActor, owner: string, target: string) =>
    resolveRunForVersion(t.db, who, await loadProjectAccess(t.db, who, owner, target), run.uuid);
  const register = (who: UserActor, owner: string, target: string) => registerVersion(t.db, who, owner, target, "model", { run: run.uuid });
  const notAccessible = (err: unknown, field: string) => {
    expect(err).toBeInstanceOf(InvalidError);
    expect((err as InvalidError).fieldErrors[field]).toEqual([NOT_ACCESSIBLE]);
  };

  it("another organization, even one that lists the project as a source", async () => {
    notAccessible(await promote(u.owner, `${OTHER}/foreign`).catch((e) => e), "project");
    notAccessible(await resolve(u.owner, OTHER, "foreign").catch((e) => e), "run");
    notAccessible(await register(u.owner, OTHER, "foreign").catch((e) => e), "run");
  });

  it("a model whose promotion sources do not include the run's project", async () => {
    notAccessible(await promote(u.member, `${ORG}/closed`).catch((e) => e), "project");
    notAccessible(await resolve(u.member, ORG, "closed").catch((e) => e), "run");
    notAccessible(await register(u.member, ORG, "closed").catch((e) => e), "run");
  });

  it("no read on the source: the run does not exist for the promoter, and registration cannot link it", async () => {
    await expect(promote(u.granted, `${ORG}/model`)).rejects.toBeInstanceOf(NotFoundError);
    notAccessible(await resolve(u.granted, ORG, "model").catch((e) => e), "run");
    notAccessible(await register(u.granted, ORG, "model").catch((e) => e), "run");
  });

  it("no write on the target: Forbidden when the target is visible, NotFound when it is not", async () => {
    await expect(promote(u.viewer, `${ORG}/model`)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(resolve(u.viewer, ORG, "model")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(promote(u.member, `${OTHER}/nope`)).rejects.toBeInstanceOf(NotFoundError);
    const stranger = await makeUser(t.db, "pm-stranger");
    await expect(promote(stranger, `${ORG}/model`)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("the models feature disabled on the target", async () => {
    await setExcluded(ids.model, ["models"]);
    try {
      const err = await promote(u.member, `${ORG}/model`).catch((e) => e);
      expect(err).toBeInstanceOf(InvalidError);
      expect(err.message).toMatch(/models feature is disabled for pm-org\/model/);
      await expect(resolve(u.member, ORG, "model")).rejects.toBeInstanceOf(InvalidError);
    } finally {
      await setExcluded(ids.model, []);
    }
  });

  it("the runs feature disabled on the source", async () => {
    await setExcluded(ids.training, ["models", "runs"]);
    try {
      const err = await promote(u.member, `${ORG}/model`).catch((e) => e);
      expect(err).toBeInstanceOf(InvalidError);
      expect(err.message).toMatch(/runs feature is disabled for pm-org\/training/);
      await expect(resolve(u.member, ORG, "model")).rejects.toBeInstanceOf(InvalidError);
    } finally {
      await setExcluded(ids.training, ["models"]);
    }
  });

  it("an unknown uuid is not a local run: resolveRunForVersion leaves it to be an external reference", async () => {
    const access = await loadProjectAccess(t.db, u.member, ORG, "model");
    expect(await resolveRunForVersion(t.db, u.member, access, "00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(await resolveRunForVersion(t.db, u.member, access, "mlflow:1234")).toBeNull();
    expect(await resolveRunForVersion(t.db, u.member, access, run.uuid)).toMatchObject({ id: run.id, owner: ORG, project: "training", outputs: RUN.outputs });
  });

  it("nothing was created or marked by the refusals", async () => {
    expect(await t.db.select().from(versions).where(eq(versions.runId, run.id))).toHaveLength(0);
    const [after] = await t.db.select({ meta: runs.metaInfo }).from(runs).where(eq(runs.id, run.id));
    expect(after.meta.is_promoted).toBeUndefined();
  });
});

describe("the dialog's targets", () => {
  it("offers only models that accept the run's project and that the user may write", async () => {
    const training = async (who: UserActor) => promotionTargets(t.db, who, await loadProjectAccess(t.db, who, ORG, "training"));
    expect((await training(u.member)).map((x) => x.name)).toEqual(["model"]);
    expect(await training(u.viewer)).toEqual([]);
    const hub = await promotionTargets(t.db, u.member, await loadProjectAccess(t.db, u.member, ORG, "hub"));
    expect(hub).toEqual([{ owner: ORG, name: "hub", description: "", self: true }]);
    await setExcluded(ids.model, ["models"]);
    try {
      expect(await training(u.member)).toEqual([]);
    } finally {
      await setExcluded(ids.model, []);
    }
    await setExcluded(ids.training, ["models", "runs"]);
    try {
      expect(await training(u.owner)).toEqual([]);
    } finally {
      await setExcluded(ids.training, ["models"]);
    }
  });
});

describe("permission matrix: promote a run into its own project (every actor × every project)", () => {
  const uuids: Record<string, string> = {};
  beforeAll(async () => {
    for (const p of PROJECT_NAMES) uuids[p] = (await createRun(t.db, w.actors.owner, w.org, p, { name: "m", outputs: { acc: 1 } })).run.uuid;
  });
  for (const actor of ACTOR_NAMES) {
    for (const project of PROJECT_NAMES) {
      const role = EXPECTED_ROLE[actor][project];
      const allowed = role === "member" || role === "admin";
      it(`${actor} ${allowed ? "may" : "may not"} promote on ${project}`, async () => {
        const result = await promoteRun(t.db, w.actors[actor], w.org, project, uuids[project], { project: `${w.org}/${project}` }).then(
          () => "ok",
          (e) => e,
        );
        if (allowed) expect(result).toBe("ok");
        else if (role === null) expect(result).toBeInstanceOf(NotFoundError);
        else expect(result).toBeInstanceOf(refusalFor(actor));
      });
    }
  }
  it("and the run page of each project shows what was promoted from it to each reader", async () => {
    const { run } = await getRun(t.db, w.actors.owner, w.org, "private", uuids.private);
    expect((await listPromotedVersions(t.db, w.actors.viewer, run.id)).length).toBeGreaterThan(0);
    expect(await listPromotedVersions(t.db, w.actors.outsider, run.id)).toEqual([]);
  });
});
