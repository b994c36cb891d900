// Explore on the test database: only public models (whatever the restrictions of the private ones), their
// production version, both sorts, paging and validation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { projects, versions } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { buildAccessWorld, type AccessWorld } from "@/lib/testing/access-world";
import { InvalidError } from "./errors";
import { explorePublicModels } from "./explore";

let t: TestDb;
let w: AccessWorld;

beforeAll(async () => {
  t = await createTestDb();
  w = await buildAccessWorld(t.db, "expl");
  const pid = w.projectIds["public-granted"];
  await t.db.insert(versions).values([
    { projectId: pid, kind: "model", name: "v1", nameNumber: 1, stage: "production", createdById: w.users.owner.userId },
    { projectId: pid, kind: "model", name: "v2", nameNumber: 2, stage: "testing", createdById: w.users.owner.userId },
  ]);
  await t.db
    .update(projects)
    .set({ updatedAt: new Date(Date.now() + 60_000) })
    .where(eq(projects.id, w.projectIds["public-restricted"]));
});
afterAll(() => t?.close());

describe("explore", () => {
  it("lists public models only, newest change first, with the production version", async () => {
    const r = await explorePublicModels(t.db);
    const mine = r.results.filter((m) => m.owner === w.org);
    expect(mine.map((m) => m.name)).toEqual(["public-restricted", "public-granted", "public"].filter((n) => mine.some((m) => m.name === n)));
    expect(mine.map((m) => m.name).sort()).toEqual(["public", "public-granted", "public-restricted"]);
    expect(mine[0].name).toBe("public-restricted");
    expect(mine.find((m) => m.name === "public-granted")?.production).toBe("v1");
    expect(mine.find((m) => m.name === "public")?.production).toBeNull();
    expect(r.count).toBeGreaterThanOrEqual(3);
  });

  it("sorts by name and pages", async () => {
    const all = (await explorePublicModels(t.db, { sort: "name", limit: 100 })).results.filter((m) => m.owner === w.org).map((m) => m.name);
    expect(all).toEqual(["public", "public-granted", "public-restricted"]);
    const first = await explorePublicModels(t.db, { sort: "name", limit: 1 });
    const second = await explorePublicModels(t.db, { sort: "name", limit: 1, offset: 1 });
    expect(first.results).toHaveLength(1);
    expect(second.results[0]?.name).not.toBe(first.results[0].name);
  });

  it("refuses an unknown sort or a page that is too large", async () => {
    await expect(explorePublicModels(t.db, { sort: "stars" })).rejects.toBeInstanceOf(InvalidError);
    await expect(explorePublicModels(t.db, { limit: 1000 })).rejects.toBeInstanceOf(InvalidError);
  });
});
