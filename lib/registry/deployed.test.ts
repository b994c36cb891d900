// The deployed view on the test database: per actor, exactly the production versions of the models it may read
// (EXPECTED_ROLE); the newest production version, its aliases, metrics, and who moved it there when.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { ACTOR_NAMES, buildAccessWorld, EXPECTED_ROLE, PROJECT_NAMES, type AccessWorld } from "@/lib/testing/access-world";
import { setAlias } from "./aliases";
import { listDeployed } from "./deployed";
import { NotFoundError } from "./errors";
import { changeStage } from "./stages";
import { registerVersion } from "./versions";

let t: TestDb;
let w: AccessWorld;

beforeAll(async () => {
  t = await createTestDb();
  w = await buildAccessWorld(t.db, "dep");
  for (const p of PROJECT_NAMES) {
    await registerVersion(t.db, w.actors.owner, w.org, p, "model", { name: "v1", meta_info: { metrics: { auc: 0.9 } } });
    await registerVersion(t.db, w.actors.owner, w.org, p, "model", { name: "v2", meta_info: { metrics: { auc: 0.95 } } });
    await changeStage(t.db, w.actors.owner, w.org, p, "model", "v1", { condition: { type: "production" } });
  }
  // `public` moves on to v2 in production, with an alias; `granted` keeps nothing in production.
  await changeStage(t.db, w.actors.admin, w.org, "public", "model", "v2", { condition: { type: "production" } });
  await setAlias(t.db, w.actors.owner, w.org, "public", "champion", { version: "v2" });
  await changeStage(t.db, w.actors.owner, w.org, "granted", "model", "v1", { condition: { type: "staging" } });
}, 180_000);
afterAll(() => t?.close());

describe("deployed", () => {
  it("every actor sees the production versions of exactly the models it may read", async () => {
    const wrong: string[] = [];
    for (const a of ACTOR_NAMES) {
      const want = PROJECT_NAMES.filter((p) => p !== "granted" && EXPECTED_ROLE[a][p] !== null).sort();
      const got = (await listDeployed(t.db, w.actors[a], w.org)).results.map((r) => r.model).sort();
      if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${a}: ${got} ≠ ${want}`);
    }
    expect(wrong).toEqual([]);
  });

  it("shows the newest production version with its aliases, metrics, and who moved it when", async () => {
    const r = await listDeployed(t.db, w.actors.owner, w.org);
    const pub = r.results.find((m) => m.model === "public")!;
    expect(pub).toMatchObject({ version: "v2", aliases: ["champion"], metrics: { auc: 0.95 }, by: w.users.admin.username, isPublic: true });
    // Most recent arrival first.
    expect(r.results[0].model).toBe("public");
    expect((await listDeployed(t.db, w.actors.owner, w.org, { q: "restr" })).results.map((m) => m.model).sort()).toEqual(["public-restricted", "restricted"]);
  });

  it("an unknown organization is a 404", async () => {
    await expect(listDeployed(t.db, w.actors.owner, "no-such-org")).rejects.toBeInstanceOf(NotFoundError);
  });
});
