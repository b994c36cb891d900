import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inArray } from "drizzle-orm";
import { projects } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { ACTOR_NAMES, EXPECTED_ROLE, PROJECT_NAMES, buildAccessWorld, errorClassFor, expectedOutcome, type AccessWorld } from "@/lib/testing/access-world";
import { loadProjectAccess, projectVisibleTo, requireProject } from "./access";
import { NotFoundError } from "./errors";
import { and } from "drizzle-orm";

let t: TestDb;
let w: AccessWorld;
beforeAll(async () => {
  t = await createTestDb();
  w = await buildAccessWorld(t.db);
});
afterAll(async () => t.close());

const cases = ACTOR_NAMES.flatMap((a) => PROJECT_NAMES.map((p) => [a, p] as const));

describe("effective role on real data (DESIGN §4 matrix)", () => {
  it.each(cases)("%s on %s", async (actorName, projectName) => {
    const expected = EXPECTED_ROLE[actorName][projectName];
    const result = await loadProjectAccess(t.db, w.actors[actorName], w.org, projectName).catch((e) => e);
    if (expected === null) expect(result).toBeInstanceOf(NotFoundError);
    else expect(result.role).toBe(expected);
  });

  it.each(cases)("list visibility agrees for %s on %s", async (actorName, projectName) => {
    const rows = await t.db
      .select({ id: projects.id })
      .from(projects)
      .where(and(inArray(projects.id, [w.projectIds[projectName]]), projectVisibleTo(w.actors[actorName])));
    expect(rows.length === 1).toBe(EXPECTED_ROLE[actorName][projectName] !== null);
  });
});

describe("requireProject", () => {
  it.each(cases)("%s on %s: settings allowed only for admins; invisible is 404", async (actorName, projectName) => {
    const want = expectedOutcome(actorName, projectName, "project.settings");
    const result = await requireProject(t.db, w.actors[actorName], w.org, projectName, "project.settings").catch((e) => e);
    if (want === "ok") expect(result.project.name).toBe(projectName);
    else expect(result).toBeInstanceOf(errorClassFor(want));
  });

  it("an unknown project and an unknown owner are 404", async () => {
    await expect(loadProjectAccess(t.db, w.actors.owner, w.org, "nope")).rejects.toBeInstanceOf(NotFoundError);
    await expect(loadProjectAccess(t.db, w.actors.owner, "no-org", "public")).rejects.toBeInstanceOf(NotFoundError);
  });
});
