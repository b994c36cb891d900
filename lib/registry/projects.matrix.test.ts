// The permission matrix of every model action (DESIGN §4) over the access world: every actor ×
// public / private / restricted / granted model × {read, list, update, settings, delete}, and create
// per actor. Expectations come from EXPECTED_ROLE and EXPECTED_PERMISSIONS (both written by hand); each
// "may not" fails the moment its check is removed. Writes run in a transaction that is rolled back,
// so every case sees the same world.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "@/db";
import {
  ACTOR_NAMES,
  EXPECTED_ROLE,
  PROJECT_NAMES,
  buildAccessWorld,
  errorClassFor,
  expectedOutcome,
  type AccessWorld,
  type ActorName,
  type ProjectName,
} from "@/lib/testing/access-world";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import type { ProjectPermission } from "@/lib/authz";
import { ForbiddenError, type NotFoundError, UnauthorizedError } from "./errors";
import { grantProjectAccess, setProjectTeams } from "./project-access";
import { listProjectActivity } from "./project-activity";
import { getProjectSettings, setPromotionSources, updateProjectSettings } from "./project-settings";
import { createProject, deleteProject, getProject, listProjects, updateProject } from "./projects";

let t: TestDb;
let w: AccessWorld;
beforeAll(async () => {
  t = await createTestDb();
  w = await buildAccessWorld(t.db, "pm");
});
afterAll(async () => t.close());

class Rollback extends Error {
  constructor(readonly value: unknown) {
    super("rollback");
  }
}

/** Runs `fn` in a transaction that is always rolled back; resolves to its result or its error. */
async function attempt(fn: (db: DB) => Promise<unknown>): Promise<unknown> {
  try {
    await t.db.transaction(async (tx) => {
      throw new Rollback(await fn(tx as unknown as DB));
    });
  } catch (e) {
    return e instanceof Rollback ? e.value : e;
  }
  return undefined;
}

type Outcome = "ok" | typeof NotFoundError | typeof ForbiddenError | typeof UnauthorizedError;
function expected(a: ActorName, p: ProjectName, perm: ProjectPermission): Outcome {
  const want = expectedOutcome(a, p, perm);
  return want === "ok" ? "ok" : errorClassFor(want);
}
function check(result: unknown, want: Outcome) {
  if (want === "ok") expect(result).not.toBeInstanceOf(Error);
  else expect(result).toBeInstanceOf(want);
}

const cases = ACTOR_NAMES.flatMap((a) => PROJECT_NAMES.map((p) => [a, p] as const));

describe("read", () => {
  it.each(cases)("get: %s on %s", async (a, p) => {
    const result = await getProject(t.db, w.actors[a], w.org, p).catch((e) => e);
    check(result, expected(a, p, "project.read"));
    if (!(result instanceof Error)) expect(result.role).toBe(EXPECTED_ROLE[a][p]);
  });

  it.each(cases)("activity: %s on %s", async (a, p) => {
    check(await listProjectActivity(t.db, w.actors[a], w.org, p, { limit: 5, offset: 0 }).catch((e) => e), expected(a, p, "project.read"));
  });

  it.each(ACTOR_NAMES)("list shows %s exactly the models they may read", async (a) => {
    const { results } = await listProjects(t.db, w.actors[a], w.org, { limit: 50, offset: 0 });
    const seen = results.map((r) => r.name).sort();
    expect(seen).toEqual(PROJECT_NAMES.filter((p) => EXPECTED_ROLE[a][p] !== null).sort());
    for (const r of results) expect(r.role, r.name).toBe(EXPECTED_ROLE[a][r.name as ProjectName]);
  });
});

describe("update", () => {
  it.each(cases)("description: %s on %s", async (a, p) => {
    check(await attempt((db) => updateProject(db, w.actors[a], w.org, p, { description: "changed" })), expected(a, p, "project.settings"));
  });
  it.each(cases)("rename: %s on %s", async (a, p) => {
    check(await attempt((db) => updateProject(db, w.actors[a], w.org, p, { name: `${p}-renamed` })), expected(a, p, "project.settings"));
  });
  it.each(cases)("visibility: %s on %s", async (a, p) => {
    check(await attempt((db) => updateProject(db, w.actors[a], w.org, p, { is_public: true })), expected(a, p, "project.settings"));
  });
});

describe("settings", () => {
  it.each(cases)("read settings: %s on %s", async (a, p) => {
    check(await getProjectSettings(t.db, w.actors[a], w.org, p).catch((e) => e), expected(a, p, "project.settings"));
  });
  it.each(cases)("features and stages: %s on %s", async (a, p) => {
    check(
      await attempt((db) => updateProjectSettings(db, w.actors[a], w.org, p, { excluded_features: ["runs"], protected_stages: ["staging"] })),
      expected(a, p, "project.settings"),
    );
  });
  it.each(cases)("teams: %s on %s", async (a, p) => {
    check(await attempt((db) => setProjectTeams(db, w.actors[a], w.org, p, ["t"], { confirm: true })), expected(a, p, "project.settings"));
  });
  it.each(cases)("grant: %s on %s", async (a, p) => {
    check(await attempt((db) => grantProjectAccess(db, w.actors[a], w.org, p, { user: "pm-outsider", role: "admin" })), expected(a, p, "project.settings"));
  });
  it.each(cases)("sources: %s on %s", async (a, p) => {
    // Every admin of any model here can see both `public` and `private`, so the source itself is valid.
    const source = p === "public" ? "private" : "public";
    check(await attempt((db) => setPromotionSources(db, w.actors[a], w.org, p, [source])), expected(a, p, "project.settings"));
  });
});

describe("delete", () => {
  it.each(cases)("%s on %s", async (a, p) => {
    check(await attempt((db) => deleteProject(db, w.actors[a], w.org, p)), expected(a, p, "project.delete"));
  });
});

describe("create", () => {
  // Organization admins and above (the owner and manager too); `teamViewer` is an org admin.
  const MAY_CREATE: Record<ActorName, "ok" | typeof ForbiddenError | typeof UnauthorizedError> = {
    owner: "ok",
    manager: "ok",
    admin: "ok",
    teamViewer: "ok",
    member: ForbiddenError,
    viewer: ForbiddenError,
    teamAdmin: ForbiddenError,
    teamMember: ForbiddenError,
    outsiderGranted: ForbiddenError,
    outsider: ForbiddenError,
    anonymous: UnauthorizedError,
  };
  it.each(ACTOR_NAMES)("%s", async (a) => {
    const result = await attempt((db) => createProject(db, w.actors[a], w.org, { name: `new-by-${a.toLowerCase()}` }));
    const want = MAY_CREATE[a];
    if (want === "ok") expect(result).not.toBeInstanceOf(Error);
    else expect(result).toBeInstanceOf(want);
  });
});

describe("the world is unchanged by the rolled-back writes", () => {
  it("still has every model, private and unrestricted as built", async () => {
    const { results } = await listProjects(t.db, w.actors.owner, w.org, { sort: "name", limit: 50, offset: 0 });
    expect(results.map((r) => [r.name, r.isPublic, r.description])).toEqual([
      ["granted", false, ""],
      ["private", false, ""],
      ["public", true, ""],
      ["public-granted", true, ""],
      ["public-restricted", true, ""],
      ["restricted", false, ""],
    ]);
  });
});
