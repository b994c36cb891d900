// "Recently changed across models" on the test database: per actor, exactly the changes of the models it may read
// (EXPECTED_ROLE: private and team-restricted models never appear for outsiders and non-members), newest first,
// each as a new version, a stage change or an alias change; names of models the reader may not see are redacted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { ACTOR_NAMES, buildAccessWorld, EXPECTED_ROLE, PROJECT_NAMES, type AccessWorld } from "@/lib/testing/access-world";
import { setAlias } from "./aliases";
import { NotFoundError } from "./errors";
import { listRecentChanges } from "./org-recent";
import { changeStage } from "./stages";
import { copyVersion } from "./version-transfer";
import { registerVersion, updateVersion } from "./versions";

let t: TestDb;
let w: AccessWorld;

beforeAll(async () => {
  t = await createTestDb();
  w = await buildAccessWorld(t.db, "rec");
  for (const p of PROJECT_NAMES) {
    await registerVersion(t.db, w.actors.owner, w.org, p, "model", { name: "v1" });
    await changeStage(t.db, w.actors.owner, w.org, p, "model", "v1", { condition: { type: "staging" } });
  }
  await setAlias(t.db, w.actors.owner, w.org, "public", "champion", { version: "v1" });
  // Not a version change: never listed.
  await updateVersion(t.db, w.actors.owner, w.org, "public", "model", "v1", { description: "edited" });
  // A copy from a private model into the public one: its origin is hidden from those who may not read it.
  await copyVersion(t.db, w.actors.owner, w.org, "private", "model", "v1", { project: "public", name: "from-private" });
}, 180_000);
afterAll(() => t?.close());

describe("recently changed across models", () => {
  it("every actor sees the changes of exactly the models it may read", async () => {
    const wrong: string[] = [];
    for (const a of ACTOR_NAMES) {
      const want = PROJECT_NAMES.filter((p) => EXPECTED_ROLE[a][p] !== null).sort();
      const got = [...new Set((await listRecentChanges(t.db, w.actors[a], w.org)).results.map((r) => r.model))].sort();
      if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${a}: ${got} ≠ ${want}`);
    }
    expect(wrong).toEqual([]);
  });

  it("newest first: new versions, stage changes and alias moves, not edits", async () => {
    const r = await listRecentChanges(t.db, w.actors.owner, w.org, { limit: 50 });
    const pub = r.results.filter((c) => c.model === "public");
    expect(pub.map((c) => [c.change, c.version])).toEqual([
      ["registered", "from-private"],
      ["alias", "v1"],
      ["stage", "v1"],
      ["registered", "v1"],
    ]);
    expect(pub[1]).toMatchObject({ alias: "champion", from: null, to: "v1", by: w.users.owner.username });
    expect(pub[2]).toMatchObject({ from: "testing", to: "staging" });
    const times = r.results.map((c) => c.at.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it("a copy's origin is named to those who may read it and 'private' to the others", async () => {
    const copyFor = async (a: (typeof ACTOR_NAMES)[number]) =>
      (await listRecentChanges(t.db, w.actors[a], w.org)).results.find((c) => c.version === "from-private");
    expect((await copyFor("owner"))?.from).toBe(`${w.org}/private:v1`);
    expect((await copyFor("anonymous"))?.from).toBe("private");
    expect((await copyFor("outsider"))?.from).toBe("private");
  });

  it("the limit holds, and bad input is a 400-class error; an unknown organization a 404", async () => {
    expect((await listRecentChanges(t.db, w.actors.owner, w.org, { limit: 2 })).results).toHaveLength(2);
    await expect(listRecentChanges(t.db, w.actors.owner, w.org, { limit: 500 })).rejects.toMatchObject({ name: expect.stringMatching(/Invalid/) });
    await expect(listRecentChanges(t.db, w.actors.owner, "no-such-org")).rejects.toBeInstanceOf(NotFoundError);
  });
});
