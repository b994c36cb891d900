// Version lists on both databases: PQL filters and sorts over real rows, bad queries as InvalidError (never a
// database error), the capped count, comparisons, and what a caller who may not read the model gets.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { buildAccessWorld, type AccessWorld } from "@/lib/testing/access-world";
import { InvalidError, NotFoundError } from "./errors";
import { COUNT_CAP, compareVersions, listVersions } from "./version-list";
import { changeStage } from "./stages";
import { registerVersion } from "./versions";

let t: TestDb;
let w: AccessWorld;
const names = (r: { results: { name: string }[] }) => r.results.map((v) => v.name);

beforeAll(async () => {
  t = await createTestDb();
  w = await buildAccessWorld(t.db, "vl");
  const owner = w.actors.owner;
  const plan: [string, string, number, string[], string][] = [
    // name, stage, accuracy, tags, framework
    ["resnet-a", "production", 0.95, ["vision"], "pytorch"],
    ["resnet-b", "staging", 0.91, ["vision", "legacy"], "pytorch"],
    ["bert-base", "testing", 0.88, ["nlp"], "pytorch"],
    ["bert-large", "staging", 0.97, ["nlp"], "jax"],
    ["xgb", "disabled", 0.8, ["legacy"], "xgboost"],
  ];
  for (const [name, stage, accuracy, tags, framework] of plan) {
    await registerVersion(t.db, owner, w.org, "private", "model", { name, tags, meta_info: { framework, metrics: { accuracy } } });
    if (stage === "production") await changeStage(t.db, owner, w.org, "private", "model", name, { condition: { type: "staging" } });
    if (stage !== "testing") await changeStage(t.db, owner, w.org, "private", "model", name, { condition: { type: stage } });
  }
  await registerVersion(t.db, owner, w.org, "private", "artifact", { name: "dataset", tags: ["vision"] });
  // created_at spread over days, so date conditions have something to tell apart
  await t.db.execute(sql`update versions set created_at = timestamptz '2026-01-01' + (id * interval '1 day')`);
});
afterAll(async () => t.close());

const list = (query: string, sort = "name", kind = "model") =>
  listVersions(t.db, w.actors.viewer, w.org, "private", kind, { query, sort, limit: 50, offset: 0 });

describe("PQL over versions", () => {
  it.each([
    ["stage:production|staging", ["bert-large", "resnet-a", "resnet-b"]],
    ["stage:~production", ["bert-base", "bert-large", "resnet-b", "xgb"]],
    ["meta.metrics.accuracy:>=0.9", ["bert-large", "resnet-a", "resnet-b"]],
    ["meta.metrics.accuracy:0.85..0.92", ["bert-base", "resnet-b"]],
    ["meta.framework:pytorch, stage:staging", ["resnet-b"]],
    ["tags:~legacy", ["bert-base", "bert-large", "resnet-a"]],
    ["tags:nlp|legacy", ["bert-base", "bert-large", "resnet-b", "xgb"]],
    ["name:%ert%", ["bert-base", "bert-large"]],
    ["name:resnet%", ["resnet-a", "resnet-b"]],
    ["description:nil", []],
    ["run:nil", ["bert-base", "bert-large", "resnet-a", "resnet-b", "xgb"]],
  ])("%s", async (query, expected) => {
    expect(names(await list(query))).toEqual(expected);
  });

  it("dates: created_at compares by day", async () => {
    const all = await list("", "created_at");
    const third = all.results[2].createdAt.toISOString().slice(0, 10);
    expect(names(await list(`created_at:>${third}`, "created_at"))).toEqual(names(all).slice(3));
    expect(names(await list(`created_at:<=${third}`, "created_at"))).toEqual(names(all).slice(0, 3));
  });

  it("sorts by a field or a meta path, descending with '-'", async () => {
    expect(names(await list("", "-meta.metrics.accuracy"))).toEqual(["bert-large", "resnet-a", "resnet-b", "bert-base", "xgb"]);
    expect(names(await list("", "name"))).toEqual(["bert-base", "bert-large", "resnet-a", "resnet-b", "xgb"]);
    expect(names(await list("", "-name"))).toEqual(["xgb", "resnet-b", "resnet-a", "bert-large", "bert-base"]);
  });

  it("kinds are listed separately", async () => {
    expect(names(await list("", "name", "artifact"))).toEqual(["dataset"]);
    await expect(list("", "name", "dataset")).rejects.toBeInstanceOf(NotFoundError);
  });

  it.each(["stage:prod", "nme:x", "meta.metrics.accuracy:>high", "created_at:>yesterday", "uuid:not-a-uuid", "stage:production stage:testing", "name:"])(
    "a bad query (%s) is an InvalidError on field query, never a database error",
    async (query) => {
      const err = await list(query).catch((e) => e);
      expect(err).toBeInstanceOf(InvalidError);
      expect(Object.keys(err.fieldErrors)).toEqual(["query"]);
      expect(err.message).toMatch(/position \d+/);
    },
  );

  it("a bad sort is an InvalidError on field sort", async () => {
    const err = await list("", "-password").catch((e) => e);
    expect(err).toBeInstanceOf(InvalidError);
    expect(Object.keys(err.fieldErrors)).toEqual(["sort"]);
  });

  it("values are bound, never spliced into SQL", async () => {
    expect(names(await list(`name:"x'; drop table versions; --"`))).toEqual([]);
    expect(names(await list(`meta.framework:"pytorch' or '1'='1"`))).toEqual([]);
    expect((await list("")).results).toHaveLength(5);
  });
});

describe("searches (the newest-rows window, then the trigram index)", () => {
  beforeAll(async () => {
    // 6,000 versions, one a minute; only the 3 oldest are named like "needle": outside the newest-rows window.
    await t.db.execute(sql`insert into versions (project_id, kind, name, created_at)
      select ${w.projectIds.granted}, 'model', case when n <= 3 then 'needle-' || n else 'hay-' || n end, timestamptz '2025-01-01' + n * interval '1 minute'
      from generate_series(1, 6000) n`);
  });
  const find = (query: string, sort = "-created_at", offset = 0, limit = 5) =>
    listVersions(t.db, w.actors.owner, w.org, "granted", "model", { query, sort, limit, offset });

  it("finds old matches the newest rows do not hold, in order, with the right count", async () => {
    const r = await find("name:%needle%");
    expect(names(r)).toEqual(["needle-3", "needle-2", "needle-1"]);
    expect(r.count).toBe(3);
    expect(names(await find("name:needle%", "created_at"))).toEqual(["needle-1", "needle-2", "needle-3"]);
  });

  it("a broad search answers from the newest rows, exactly as the unfiltered order", async () => {
    const r = await find("name:%hay%", "-created_at", 10, 5);
    expect(names(r)).toEqual(["hay-5990", "hay-5989", "hay-5988", "hay-5987", "hay-5986"]);
    expect(r.count).toBe(5997);
    // deep pages and other sorts take the trigram path and agree
    expect(names(await find("name:%hay%", "-created_at", 4000, 2))).toEqual(["hay-2000", "hay-1999"]);
    expect(names(await find("name:%hay-59%", "name", 0, 3))).toEqual(["hay-59", "hay-590", "hay-5900"]);
  });
});

describe("pages and counts", () => {
  it("limit and offset page through a stable order; the count is the whole match", async () => {
    const p1 = await listVersions(t.db, w.actors.viewer, w.org, "private", "model", { limit: 2, offset: 0, sort: "-created_at" });
    const p2 = await listVersions(t.db, w.actors.viewer, w.org, "private", "model", { limit: 2, offset: 2, sort: "-created_at" });
    expect(p1.count).toBe(5);
    expect(p1.countCapped).toBe(false);
    expect([...names(p1), ...names(p2)]).toHaveLength(4);
    expect(new Set([...names(p1), ...names(p2)]).size).toBe(4);
  });

  it(`counts exactly up to ${COUNT_CAP} and says when there are more`, async () => {
    const pid = w.projectIds.public;
    await t.db.execute(
      sql`insert into versions (project_id, kind, name, name_number) select ${pid}, 'model', 'v' || n, n from generate_series(1, ${COUNT_CAP + 5}) n`,
    );
    const r = await listVersions(t.db, w.actors.anonymous, w.org, "public", "model", { limit: 3, offset: 0 });
    expect(r).toMatchObject({ count: COUNT_CAP, countCapped: true });
    expect(r.results).toHaveLength(3);
    const exact = await listVersions(t.db, w.actors.anonymous, w.org, "public", "model", { limit: 3, offset: 0, query: "name:v1%" });
    // v1, v10–v19, v100–v199, v1000–v1999, v10000–v10005: 1 + 10 + 100 + 1000 + 6
    expect(exact).toMatchObject({ count: 1117, countCapped: false });
    const none = await listVersions(t.db, w.actors.anonymous, w.org, "public", "model", { limit: 3, offset: 0, withCount: false });
    expect(none.count).toBe(-1);
    expect(none.results).toHaveLength(3);
  });

  it("the overview's per-stage counts are capped the same way", async () => {
    const { stageSummary } = await import("./versions");
    const { loadProjectAccess } = await import("./access");
    const big = await stageSummary(t.db, await loadProjectAccess(t.db, w.actors.anonymous, w.org, "public"));
    expect(big.counts).toMatchObject({ testing: COUNT_CAP, staging: 0, production: 0, disabled: 0 });
    expect(big.capped).toMatchObject({ testing: true, staging: false });
    const small = await stageSummary(t.db, await loadProjectAccess(t.db, w.actors.viewer, w.org, "private"));
    expect(small.counts).toEqual({ testing: 1, staging: 2, production: 1, disabled: 1 });
    expect(small.latestProduction?.name).toBe("resnet-a");
  });

  it("a model the caller may not read is NotFound, for lists as for everything else", async () => {
    await expect(listVersions(t.db, w.actors.outsider, w.org, "private", "model", { limit: 5, offset: 0 })).rejects.toBeInstanceOf(NotFoundError);
    await expect(listVersions(t.db, w.actors.anonymous, w.org, "restricted", "model", { limit: 5, offset: 0 })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("compare", () => {
  it("returns the versions asked for, in that order, and names the missing ones", async () => {
    const r = await compareVersions(t.db, w.actors.viewer, w.org, "private", "model", ["xgb", "resnet-a", "nope", "xgb"]);
    expect(r.versions.map((v) => v.name)).toEqual(["xgb", "resnet-a"]);
    expect(r.missing).toEqual(["nope"]);
  });
  it("refuses more than 8 at once and hides private models", async () => {
    const many = Array.from({ length: 9 }, (_, i) => `v${i}`);
    await expect(compareVersions(t.db, w.actors.viewer, w.org, "private", "model", many)).rejects.toBeInstanceOf(InvalidError);
    await expect(compareVersions(t.db, w.actors.outsider, w.org, "private", "model", ["xgb"])).rejects.toBeInstanceOf(NotFoundError);
  });
});
