// The versions list starts on the project id it last saw for `owner/name`, beside the access check (version-list.ts):
// when that name now means another model, the answer must be the new model's — or its 404 — never the old one's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { buildAccessWorld, type AccessWorld } from "@/lib/testing/access-world";
import { loadProjectAccess } from "./access";
import { InvalidError, NotFoundError } from "./errors";
import { listVersions } from "./version-list";
import { getVersion, registerVersion } from "./versions";

let t: TestDb;
let w: AccessWorld;
const names = (r: { results: { name: string }[] }) => r.results.map((v) => v.name);
const opts = { limit: 50, offset: 0, sort: "name" };

beforeAll(async () => {
  t = await createTestDb();
  w = await buildAccessWorld(t.db, "hint");
  await registerVersion(t.db, w.actors.owner, w.org, "public", "model", { name: "public-only" });
  await registerVersion(t.db, w.actors.owner, w.org, "private", "model", { name: "private-only" });
  await registerVersion(t.db, w.actors.owner, w.org, "restricted", "model", { name: "shared-name", description: "team's" });
  await registerVersion(t.db, w.actors.owner, w.org, "public-restricted", "model", { name: "shared-name", description: "public-team's" });
});
afterAll(async () => t.close());

describe("the project id hint", () => {
  it("never answers for the model a name used to mean", async () => {
    // Seen once: the hint for `public` is the public model's id.
    expect(names(await listVersions(t.db, w.actors.anonymous, w.org, "public", "model", opts))).toEqual(["public-only"]);
    const pub = (await loadProjectAccess(t.db, w.actors.owner, w.org, "public")).project.id;
    const priv = (await loadProjectAccess(t.db, w.actors.owner, w.org, "private")).project.id;
    await t.db.execute(sql`update projects set name = 'public-old' where id = ${pub}`);
    await t.db.execute(sql`update projects set name = 'public' where id = ${priv}`);
    // `public` is now the private model: invisible to a visitor, whatever the hint says …
    await expect(listVersions(t.db, w.actors.anonymous, w.org, "public", "model", opts)).rejects.toBeInstanceOf(NotFoundError);
    // … and a bad query on it is still a 404, not a 400 that would tell the model exists.
    await expect(listVersions(t.db, w.actors.anonymous, w.org, "public", "model", { ...opts, query: "nope:1" })).rejects.toBeInstanceOf(NotFoundError);
    // Its readers get its own versions, twice over (the second time through the refreshed hint).
    for (let i = 0; i < 2; i++) {
      const r = await listVersions(t.db, w.actors.owner, w.org, "public", "model", opts);
      expect(r.access.project.id).toBe(priv);
      expect(names(r)).toEqual(["private-only"]);
    }
    await expect(listVersions(t.db, w.actors.owner, w.org, "public", "model", { ...opts, query: "nope:1" })).rejects.toBeInstanceOf(InvalidError);
  });

  it("a version get never answers the version of the model a name used to mean", async () => {
    // The owner's read teaches the hint for `restricted` (a team-restricted, private model).
    expect((await getVersion(t.db, w.actors.owner, w.org, "restricted", "model", "shared-name")).version.description).toBe("team's");
    const team = (await loadProjectAccess(t.db, w.actors.owner, w.org, "restricted")).project.id;
    const pubTeam = (await loadProjectAccess(t.db, w.actors.owner, w.org, "public-restricted")).project.id;
    await t.db.execute(sql`update projects set name = 'restricted-old' where id = ${team}`);
    await t.db.execute(sql`update projects set name = 'restricted' where id = ${pubTeam}`);
    // `restricted` now means the public, team-restricted model: a visitor reads its version, not the old model's.
    for (let i = 0; i < 2; i++) {
      const r = await getVersion(t.db, w.actors.anonymous, w.org, "restricted", "model", "shared-name");
      expect(r.access.project.id).toBe(pubTeam);
      expect(r.version.description).toBe("public-team's");
    }
    // A missing version on an invisible model is the model's 404, whatever the hint held.
    await expect(getVersion(t.db, w.actors.anonymous, w.org, "restricted-old", "model", "shared-name")).rejects.toBeInstanceOf(NotFoundError);
    await expect(getVersion(t.db, w.actors.owner, w.org, "restricted", "model", "no-such")).rejects.toThrow(/Version 'no-such' not found/);
  });
});
