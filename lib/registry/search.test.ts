// Search on the test database: for every actor of the access world, exactly the models, versions and runs of
// the projects it may read (EXPECTED_ROLE, written out by hand) — private and team-restricted things never
// appear for outsiders and non-members —; the ranking; the validation; the rate limit; and the indexes the
// queries use.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { runs, versions } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { ACTOR_NAMES, buildAccessWorld, EXPECTED_ROLE, PROJECT_NAMES, type AccessWorld } from "@/lib/testing/access-world";
import { makeUser } from "@/lib/testing/fixtures";
import { anonymous } from "./actor";
import { InvalidError, RateLimitedError } from "./errors";
import { search, type SearchHit } from "./search";

let t: TestDb;
let w: AccessWorld;
let n = 0;
const key = () => ({ ip: `test-${n++}` });

beforeAll(async () => {
  t = await createTestDb();
  w = await buildAccessWorld(t.db, "srch");
  for (const p of PROJECT_NAMES) {
    await t.db
      .insert(versions)
      .values({ projectId: w.projectIds[p], kind: "model", name: `zebra-${p}`, nameNumber: null, tags: ["quokka"], createdById: w.users.owner.userId });
    await t.db.insert(runs).values({ projectId: w.projectIds[p], name: `walrus-${p}` });
  }
});
afterAll(() => t?.close());

const inWorld = (owner: string) => owner === w.org;

describe("search", () => {
  it("every actor finds exactly what it may read, of every kind", async () => {
    const wrong: string[] = [];
    for (const a of ACTOR_NAMES) {
      const visible = PROJECT_NAMES.filter((p) => EXPECTED_ROLE[a][p] !== null).sort();
      const models = (await search(t.db, w.actors[a], { q: "public", type: "models", limit: 50 }, key())).results.filter((h) => inWorld(h.owner));
      const vs = (await search(t.db, w.actors[a], { q: "zebra", type: "versions", limit: 50 }, key())).results.filter((h) => inWorld(h.owner));
      const rs = (await search(t.db, w.actors[a], { q: "walrus", type: "runs", limit: 50 }, key())).results.filter((h) => inWorld(h.owner));
      const tagged = (await search(t.db, w.actors[a], { q: "quokka", limit: 50 }, key())).results.filter((h) => inWorld(h.owner));
      const names = (hs: SearchHit[]) => hs.map((h) => (h.type === "model" ? h.name : h.project)).sort();
      const expectModels = visible.filter((p) => p.includes("public"));
      if (JSON.stringify(names(models)) !== JSON.stringify(expectModels)) wrong.push(`${a} models: ${names(models)} ≠ ${expectModels}`);
      if (JSON.stringify(names(vs)) !== JSON.stringify(visible)) wrong.push(`${a} versions: ${names(vs)} ≠ ${visible}`);
      if (JSON.stringify(names(rs)) !== JSON.stringify(visible)) wrong.push(`${a} runs: ${names(rs)} ≠ ${visible}`);
      if (JSON.stringify(names(tagged)) !== JSON.stringify(visible)) wrong.push(`${a} tag: ${names(tagged)} ≠ ${visible}`);
    }
    expect(wrong).toEqual([]);
  });

  it("ranks the exact name first, then prefixes, then substrings; links each hit", async () => {
    const r = await search(t.db, w.actors.owner, { q: "public", type: "models" }, key());
    const mine = r.results.filter((h) => inWorld(h.owner)).map((h) => (h as { name: string }).name);
    expect(mine).toEqual(["public", ...["public-granted", "public-restricted"].sort((a, b) => mine.indexOf(a) - mine.indexOf(b))]);
    expect(mine[0]).toBe("public");
    const v = (await search(t.db, w.actors.owner, { q: "zebra-private", type: "versions" }, key())).results[0];
    expect(v).toMatchObject({ type: "version", owner: w.org, project: "private", name: "zebra-private", url: `/${w.org}/private/versions/zebra-private` });
  });

  it("takes the query literally: % and _ match themselves", async () => {
    const r = await search(t.db, w.actors.owner, { q: "zeb%", limit: 50 }, key());
    expect(r.results).toEqual([]);
  });

  it("refuses a short, long or malformed query with the field and the reason", async () => {
    for (const [input, field] of [
      [{ q: "ab" }, "q"],
      [{ q: "x".repeat(101) }, "q"],
      [{}, "q"],
      [{ q: "abc", type: "teams" }, "type"],
      [{ q: "abc", limit: 500 }, "limit"],
    ] as const) {
      const err = await search(t.db, anonymous, input, key()).catch((e) => e);
      expect(err).toBeInstanceOf(InvalidError);
      expect(Object.keys((err as InvalidError).fieldErrors ?? {})).toContain(field);
    }
  });

  it("is rate limited per caller", async () => {
    process.env.MODELREG_SEARCH_LIMIT = "3";
    try {
      for (let i = 0; i < 3; i++) await search(t.db, anonymous, { q: "zebra" }, { ip: "192.0.2.7" });
      await expect(search(t.db, anonymous, { q: "zebra" }, { ip: "192.0.2.7" })).rejects.toBeInstanceOf(RateLimitedError);
      await search(t.db, anonymous, { q: "zebra" }, { ip: "192.0.2.8" });
      // A signed-in user is counted as themself, from any address.
      const user = await makeUser(t.db, "search-limited");
      for (let i = 0; i < 3; i++) await search(t.db, user, { q: "zebra" }, { ip: `198.51.100.${i}` });
      await expect(search(t.db, user, { q: "zebra" }, { ip: "198.51.100.9" })).rejects.toBeInstanceOf(RateLimitedError);
    } finally {
      delete process.env.MODELREG_SEARCH_LIMIT;
    }
  });

  it("uses the trigram and tag indexes, never a scan of the table", async () => {
    // One transaction: `set local` holds for the statements on its connection only.
    await t.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const shown = async (q: string) => {
        const r = (await tx.execute(sql.raw(`explain ${q}`))) as unknown as { rows?: { "QUERY PLAN": string }[] } | { "QUERY PLAN": string }[];
        return (Array.isArray(r) ? r : (r.rows ?? [])).map((x) => x["QUERY PLAN"]).join("\n");
      };
      expect(await shown("select id from projects where name ilike '%zebra%' or description ilike '%zebra%' or tags @> array['zebra']")).toMatch(
        /projects_name_trgm_idx[\s\S]*projects_description_trgm_idx[\s\S]*projects_tags_idx/,
      );
      expect(await shown("select id from versions where name ilike '%zebra%' or tags @> array['zebra']")).toMatch(
        /versions_name_trgm_idx[\s\S]*versions_tags_idx/,
      );
      expect(await shown("select id from runs where name ilike '%walrus%'")).toMatch(/runs_name_trgm_idx/);
    });
  });
});
