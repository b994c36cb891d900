// Versions on both databases: the permission matrix for every version and model action, naming,
// stages with history, transfer/copy, and concurrency on the PostgreSQL server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { projects, versions } from "@/db/schema";
import { createTestDb, onServer, type TestDb } from "@/db/testing/test-db";
import { ACTOR_NAMES, EXPECTED_ROLE, PROJECT_NAMES, buildAccessWorld, refusalFor, type AccessWorld, type ProjectName } from "@/lib/testing/access-world";
import type { Actor } from "./actor";
import { ConflictError, ForbiddenError, InvalidError, NotFoundError, UnauthorizedError } from "./errors";
import { createProject, deleteProject, updateProject } from "./projects";
import { updateProjectSettings } from "./project-settings";
import { changeStage, copyVersion, getStages, transferVersion } from "./stages";
import { deleteVersion, getVersion, listVersions, registerVersion, updateVersion } from "./versions";

let t: TestDb;
let w: AccessWorld;
beforeAll(async () => {
  t = await createTestDb();
  w = await buildAccessWorld(t.db);
  for (const p of PROJECT_NAMES) {
    await registerVersion(t.db, w.actors.owner, w.org, p, "model", { name: "base", meta_info: { metrics: { acc: 0.9 } } });
    await updateProject(t.db, w.actors.owner, w.org, p, { settings: { protectedStages: ["production"] } });
  }
});
afterAll(async () => t.close());

type Role = "viewer" | "member" | "admin";
const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2 };
/** The role each action needs (DESIGN §4), written out here rather than read from lib/authz.ts. */
const ACTIONS: [string, Role, (a: Actor, p: ProjectName, i: number) => Promise<unknown>][] = [
  ["read a version", "viewer", (a, p) => getVersion(t.db, a, w.org, p, "model", "base")],
  ["list versions", "viewer", (a, p) => listVersions(t.db, a, w.org, p, "model", { limit: 5, offset: 0 })],
  ["read stage history", "viewer", (a, p) => getStages(t.db, a, w.org, p, "model", "base")],
  ["register", "member", (a, p, i) => registerVersion(t.db, a, w.org, p, "model", { name: `r-${i}` })],
  ["update", "member", (a, p) => updateVersion(t.db, a, w.org, p, "model", "base", { description: "x" })],
  ["stage → staging", "member", (a, p) => changeStage(t.db, a, w.org, p, "model", "base", { condition: { type: "staging" } })],
  [
    "stage → production (protected)",
    "admin",
    (a, p, i) =>
      registerVersion(t.db, w.actors.owner, w.org, p, "model", { name: `pp-${i}` }).then(() =>
        changeStage(t.db, a, w.org, p, "model", `pp-${i}`, { condition: { type: "production" } }),
      ),
  ],
  [
    "delete a version",
    "admin",
    (a, p, i) => registerVersion(t.db, w.actors.owner, w.org, p, "model", { name: `d-${i}` }).then(() => deleteVersion(t.db, a, w.org, p, "model", `d-${i}`)),
  ],
  // into the same model: the actor's role on the source decides alone (targets are in version-transfer.test.ts)
  ["copy a version", "admin", (a, p, i) => copyVersion(t.db, a, w.org, p, "model", "base", { project: p, name: `c-${i}` })],
  ["change settings", "admin", (a, p) => updateProjectSettings(t.db, a, w.org, p, { protected_stages: ["production"] })],
  ["update the model", "admin", (a, p) => updateProject(t.db, a, w.org, p, { description: "d" })],
];

describe("permission matrix (every actor × every project × every action)", () => {
  let i = 0;
  for (const [action, needs, run] of ACTIONS) {
    for (const actor of ACTOR_NAMES) {
      for (const project of PROJECT_NAMES) {
        const role = EXPECTED_ROLE[actor][project];
        const allowed = role !== null && RANK[role] >= RANK[needs];
        const n = i++;
        it(`${actor} ${allowed ? "may" : "may not"} ${action} on ${project}`, async () => {
          const result = await run(w.actors[actor], project, n).then(
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

describe("models", () => {
  it("creating needs org admin; members and outsiders are refused; signed out is 401", async () => {
    await expect(createProject(t.db, w.actors.admin, w.org, { name: "by-admin" })).resolves.toBeTruthy();
    await expect(createProject(t.db, w.actors.member, w.org, { name: "by-member" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createProject(t.db, w.actors.outsider, w.org, { name: "by-outsider" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createProject(t.db, w.actors.anonymous, w.org, { name: "by-anon" })).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(createProject(t.db, w.actors.outsider, "w-outsider", { name: "mine" })).resolves.toBeTruthy();
  });
  it("names: slugs, reserved words, conflicts", async () => {
    await expect(createProject(t.db, w.actors.owner, w.org, { name: "settings" })).rejects.toBeInstanceOf(InvalidError);
    await expect(createProject(t.db, w.actors.owner, w.org, { name: "Bad Name" })).rejects.toBeInstanceOf(InvalidError);
    await expect(createProject(t.db, w.actors.owner, w.org, { name: "public" })).rejects.toBeInstanceOf(ConflictError);
  });
  it("a disabled feature refuses its writes", async () => {
    await createProject(t.db, w.actors.owner, w.org, { name: "nomodels" });
    await updateProjectSettings(t.db, w.actors.owner, w.org, "nomodels", { excluded_features: ["models"] });
    const err = await registerVersion(t.db, w.actors.owner, w.org, "nomodels", "model", {}).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidError);
    expect(err.message).toContain("models feature is disabled");
  });
  it("rename moves the model; delete removes its versions", async () => {
    await createProject(t.db, w.actors.owner, w.org, { name: "old-name" });
    await registerVersion(t.db, w.actors.owner, w.org, "old-name", "model", {});
    await updateProject(t.db, w.actors.owner, w.org, "old-name", { name: "new-name" });
    await expect(getVersion(t.db, w.actors.owner, w.org, "old-name", "model", "v1")).rejects.toBeInstanceOf(NotFoundError);
    await expect(getVersion(t.db, w.actors.owner, w.org, "new-name", "model", "v1")).resolves.toBeTruthy();
    const [p] = await t.db.select({ id: projects.id }).from(projects).where(eq(projects.name, "new-name"));
    await deleteProject(t.db, w.actors.owner, w.org, "new-name");
    expect(await t.db.select().from(versions).where(eq(versions.projectId, p.id))).toEqual([]);
  });
});

describe("versions", () => {
  it("names v1, v2… skip explicit names, refuse duplicates without force, overwrite with force", async () => {
    await createProject(t.db, w.actors.owner, w.org, { name: "naming" });
    const reg = (input: object) => registerVersion(t.db, w.actors.owner, w.org, "naming", "model", input);
    expect((await reg({})).version.name).toBe("v1");
    expect((await reg({ name: "latest" })).version.name).toBe("latest");
    expect((await reg({})).version.name).toBe("v2");
    expect(await reg({ name: "v2" }).catch((e) => e)).toBeInstanceOf(ConflictError);
    expect((await reg({ name: "v2", force: true, description: "again" })).version.description).toBe("again");
    expect(await reg({ name: "bad name!" }).catch((e) => e)).toBeInstanceOf(InvalidError);
    expect(await reg({ meta_info: "nope" }).catch((e) => e)).toBeInstanceOf(InvalidError);
  });
  it("every stage change is recorded with who, from and to; the stage equals the last entry", async () => {
    await changeStage(t.db, w.actors.member, w.org, "private", "model", "base", { condition: { type: "testing", reason: "back", message: "m" } });
    const s = await getStages(t.db, w.actors.viewer, w.org, "private", "model", "base");
    const last = s.stage_conditions.at(-1)!;
    expect(s.stage).toBe(last.type);
    expect(last).toMatchObject({ reason: "back", message: "m", meta_info: { user: "w-member" } });
    expect(Object.keys(s).sort()).toEqual(["stage", "stage_conditions", "uuid"]);
  });
  it("leaving a protected stage needs an admin too", async () => {
    await registerVersion(t.db, w.actors.owner, w.org, "private", "model", { name: "prod" });
    await changeStage(t.db, w.actors.owner, w.org, "private", "model", "prod", { condition: { type: "production" } });
    expect(await changeStage(t.db, w.actors.member, w.org, "private", "model", "prod", { condition: { type: "staging" } }).catch((e) => e)).toBeInstanceOf(
      ForbiddenError,
    );
  });
  it("transfer within the organization; clashes and other organizations refused", async () => {
    await registerVersion(t.db, w.actors.owner, w.org, "private", "model", { name: "mover" });
    const r = await transferVersion(t.db, w.actors.owner, w.org, "private", "model", "mover", { project: "granted" });
    expect(r.access.project.name).toBe("granted");
    await registerVersion(t.db, w.actors.owner, w.org, "private", "model", { name: "mover" });
    expect(await transferVersion(t.db, w.actors.owner, w.org, "private", "model", "mover", { project: "granted" }).catch((e) => e)).toBeInstanceOf(
      ConflictError,
    );
    expect(await transferVersion(t.db, w.actors.owner, w.org, "private", "model", "mover", { project: "w-outsider/mine" }).catch((e) => e)).toBeInstanceOf(
      InvalidError,
    );
  });
  it("a copy keeps metadata, starts at testing and says where it came from", async () => {
    await changeStage(t.db, w.actors.owner, w.org, "public", "model", "base", { condition: { type: "staging" } });
    const c = await copyVersion(t.db, w.actors.owner, w.org, "public", "model", "base", { project: "private", name: "from-public" });
    expect(c.version).toMatchObject({ stage: "testing", metaInfo: { metrics: { acc: 0.9 } } });
    expect(c.version.copiedFromId).not.toBeNull();
    expect(c.conditions[0].meta_info.copied_from).toBe(`${w.org}/public:base`);
  });
  it("counts are exact up to the cap and say when they are capped", async () => {
    const r = await listVersions(t.db, w.actors.owner, w.org, "public", "model", { limit: 1, offset: 0 });
    expect(r.countCapped).toBe(false);
    expect(r.count).toBeGreaterThan(1);
    expect(r.results).toHaveLength(1);
  });
});

describe.runIf(onServer())("concurrency on the PostgreSQL server", () => {
  it("64 concurrent registrations without a name get 64 distinct consecutive names", async () => {
    await createProject(t.db, w.actors.owner, w.org, { name: "race" });
    const results = await Promise.all(Array.from({ length: 64 }, () => registerVersion(t.db, w.actors.owner, w.org, "race", "model", {})));
    const names = results.map((r) => r.version.name).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
    expect(names).toEqual(Array.from({ length: 64 }, (_, i) => `v${i + 1}`));
  });
  it("concurrent stage changes: the final stage equals the last history entry", async () => {
    await registerVersion(t.db, w.actors.owner, w.org, "race", "model", { name: "flip" });
    const stages = ["staging", "testing", "disabled", "staging", "production", "testing", "staging", "disabled"] as const;
    await Promise.all(stages.map((s) => changeStage(t.db, w.actors.owner, w.org, "race", "model", "flip", { condition: { type: s } })));
    const s = await getStages(t.db, w.actors.owner, w.org, "race", "model", "flip");
    expect(s.stage_conditions).toHaveLength(stages.length + 1);
    expect(s.stage).toBe(s.stage_conditions.at(-1)!.type);
  });
});
