// PQL against a real versions table, on PGlite and (with DATABASE_URL) PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { and, eq } from "drizzle-orm";
import { organizations, projects, runs, versions } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { InvalidError } from "@/lib/registry/errors";
import { compileOrderBy, compileWhere } from "./index";
import { mutatedQueryArb, queryArb, typedQueryArb } from "./test-arbitraries";
import { testSpec as spec } from "./test-spec";

let t: TestDb;
let projectId: number;
const uuids: Record<string, string> = {};

const rows = [
  {
    name: "resnet-50",
    description: "resnet 50 layers",
    tags: ["vision", "prod"],
    stage: "production",
    metaInfo: { metrics: { accuracy: 0.95 }, framework: "pytorch", epochs: 10 },
    createdAt: new Date("2024-01-15T10:00:00Z"),
    nameNumber: 1,
    content: "x",
  },
  {
    name: "bert_base",
    description: "",
    tags: ["nlp"],
    stage: "staging",
    metaInfo: { metrics: { accuracy: "high" }, framework: "tensorflow" },
    createdAt: new Date("2024-06-30T23:59:00Z"),
    nameNumber: 2,
    content: "y",
  },
  {
    name: "resnet-101",
    description: "50% better_model",
    tags: ["vision", "legacy"],
    stage: "testing",
    metaInfo: { metrics: {} },
    createdAt: new Date("2024-07-01T00:00:00Z"),
    nameNumber: 3,
    content: "z",
  },
  {
    name: "gpt2",
    description: "",
    tags: [],
    stage: "disabled",
    metaInfo: { metrics: { accuracy: 0.5 }, framework: 3, epochs: "10" },
    createdAt: new Date("2025-03-01T12:00:00Z"),
    nameNumber: null,
    content: null,
  },
  {
    name: "MyBERT",
    description: "",
    tags: ["nlp", "legacy"],
    stage: "production",
    metaInfo: { metrics: { accuracy: [0.7, 0.99] }, flag: true, framework: null },
    createdAt: new Date("2026-01-01T00:00:00Z"),
    nameNumber: 5,
    content: "w",
  },
] as const;

beforeAll(async () => {
  t = await createTestDb();
  const [org] = await t.db.insert(organizations).values({ name: "acme" }).returning({ id: organizations.id });
  const [other] = await t.db.insert(organizations).values({ name: "other" }).returning({ id: organizations.id });
  const [p] = await t.db.insert(projects).values({ orgId: org.id, name: "vision" }).returning({ id: projects.id });
  const [q] = await t.db.insert(projects).values({ orgId: other.id, name: "noise" }).returning({ id: projects.id });
  projectId = p.id;
  for (const r of rows) {
    const [v] = await t.db
      .insert(versions)
      .values({ ...r, tags: [...r.tags], projectId, updatedAt: r.createdAt })
      .returning({ uuid: versions.uuid });
    uuids[r.name] = v.uuid;
  }
  const [run] = await t.db.insert(runs).values({ projectId, name: "train" }).returning({ id: runs.id, uuid: runs.uuid });
  uuids.run = run.uuid;
  await t.db.update(versions).set({ runId: run.id }).where(eq(versions.uuid, uuids["resnet-50"]));
  // Another project's row that matches everything: the caller's project filter must keep it out.
  await t.db.insert(versions).values({ projectId: q.id, name: "resnet-50", stage: "production", tags: ["vision"] });
});
afterAll(async () => {
  await t?.close();
});

async function names(query: string, sort = "name"): Promise<string[]> {
  const found = await t.db
    .select({ name: versions.name })
    .from(versions)
    .where(and(eq(versions.projectId, projectId), compileWhere(spec, query)))
    .orderBy(...compileOrderBy(spec, sort));
  return found.map((r) => r.name);
}

const ALL = ["MyBERT", "bert_base", "gpt2", "resnet-101", "resnet-50"];
const but = (...xs: string[]) => ALL.filter((n) => !xs.includes(n));

describe("PQL on a real table", () => {
  it.each<[string, string[]]>([
    ["", ALL],
    // strings, search
    ["name:resnet-50", ["resnet-50"]],
    ["name:mybert", []],
    ["name:resnet-50|gpt2", ["gpt2", "resnet-50"]],
    ["name:%resnet%", ["resnet-101", "resnet-50"]],
    ["name:%BERT%", ["MyBERT", "bert_base"]],
    ["name:bert%", ["bert_base"]],
    ["name:%bert", ["MyBERT"]],
    ["name:%t_b%", ["bert_base"]], // an unescaped _ would also match "t-1"/"t-5"
    ["description:%50%%", ["resnet-101"]], // an unescaped % would also match "resnet 50 layers"
    ["name:~%resnet%", ["MyBERT", "bert_base", "gpt2"]],
    ["name:%resnet%|gpt2", ["gpt2", "resnet-101", "resnet-50"]],
    ['name:"resnet-50"', ["resnet-50"]],
    // enums
    ["stage:production|staging", ["MyBERT", "bert_base", "resnet-50"]],
    ["stage:~production", ["bert_base", "gpt2", "resnet-101"]],
    ["kind:model", ALL],
    ["kind:artifact", []],
    // tags
    ["tags:vision", ["resnet-101", "resnet-50"]],
    ["tags:nlp|legacy", ["MyBERT", "bert_base", "resnet-101"]],
    ["tags:~legacy", ["bert_base", "gpt2", "resnet-50"]],
    ["tags:~nlp|vision", ["gpt2"]],
    // nil
    ["content:nil", ["gpt2"]],
    ["content:~nil", but("gpt2")],
    ["name_number:nil", ["gpt2"]],
    // booleans (an SQL expression as column)
    ["has_content:true", but("gpt2")],
    ["has_content:0", ["gpt2"]],
    ["has_content:~1", ["gpt2"]],
    // numbers, on an integer column with decimal values
    ["name_number:2", ["bert_base"]],
    ["name_number:1|5", ["MyBERT", "resnet-50"]],
    ["name_number:>=2", ["MyBERT", "bert_base", "resnet-101"]],
    ["name_number:>2.5", ["MyBERT", "resnet-101"]],
    ["name_number:<1.5", ["resnet-50"]],
    ["name_number:2..3", ["bert_base", "resnet-101"]],
    ["name_number:1.5 .. 2.5", ["bert_base"]],
    ["name_number:3..", ["MyBERT", "resnet-101"]],
    ["name_number:..2", ["bert_base", "resnet-50"]],
    ["name_number:~2", but("bert_base")], // null counts as "not 2"
    // datetimes: a date is its whole UTC day
    ["created_at:2024-01-01 .. 2024-06-30", ["bert_base", "resnet-50"]],
    ["created_at:2024-01-01..2024-06-30", ["bert_base", "resnet-50"]],
    ["created_at:2024-06-30", ["bert_base"]],
    ["created_at:>2024-06-30", ["MyBERT", "gpt2", "resnet-101"]],
    ["created_at:>=2024-06-30", ["MyBERT", "bert_base", "gpt2", "resnet-101"]],
    ["created_at:<2024-06-30", ["resnet-50"]],
    ["created_at:<=2024-06-30", ["bert_base", "resnet-50"]],
    ["created_at:>2024-06-30T23:58", ["MyBERT", "bert_base", "gpt2", "resnet-101"]],
    ["created_at:>2024-06-30T23:59", ["MyBERT", "gpt2", "resnet-101"]],
    ["created_at:2024-07-01T02:00+02:00", ["resnet-101"]],
    ["created_at:>=2026-01-01T00:00:00Z", ["MyBERT"]],
    ["created_at:2025-01-01..", ["MyBERT", "gpt2"]],
    ["created_at:~2024-06-30", but("bert_base")],
    ["updated_at:<2024-02-01", ["resnet-50"]],
    // uuids
    ["uuid:6f1c2b3a-1d2e-4f50-8a9b-0c1d2e3f4a5b", []],
    // json: numeric comparisons skip strings, missing values and objects without error
    ["meta.metrics.accuracy:>=0.9", ["MyBERT", "resnet-50"]], // MyBERT: an array, lax mode looks inside
    ["meta.metrics.accuracy:<0.9", ["MyBERT", "gpt2"]],
    ["meta.metrics.accuracy:0.5..0.96", ["MyBERT", "gpt2", "resnet-50"]],
    ["meta.metrics.accuracy:~>=0.9", ["bert_base", "gpt2", "resnet-101"]],
    ["meta.metrics:>1", []], // objects never compare
    ["meta.metrics.accuracy.deeper.still:>0", []],
    ["meta.metrics.accuracy:high", ["bert_base"]],
    ["meta.metrics.accuracy:0.95", ["resnet-50"]],
    ["meta.framework:pytorch", ["resnet-50"]],
    ["meta.framework:pytorch|tensorflow", ["bert_base", "resnet-50"]],
    ["meta.framework:3", ["gpt2"]],
    ['meta.framework:"3"', []],
    ["meta.epochs:10", ["gpt2", "resnet-50"]], // the number 10 and the string "10"
    ['meta.epochs:"10"', ["gpt2"]],
    ["meta.epochs:10.0", ["resnet-50"]],
    ["meta.flag:true", ["MyBERT"]],
    ["meta.flag:false", []],
    ["meta.framework:%flow", ["bert_base"]],
    ["meta.framework:%TORCH%", ["resnet-50"]],
    ["meta.framework:nil", ["MyBERT", "resnet-101"]], // JSON null and missing
    ["meta.framework:~nil", ["bert_base", "gpt2", "resnet-50"]],
    ["meta.metrics.accuracy:nil", ["resnet-101"]],
    ["meta.framework:~pytorch", but("resnet-50")],
    // combined
    ["tags:vision, stage:production", ["resnet-50"]],
    ["name:%e%, meta.metrics.accuracy:>0.6, created_at:<2026-01-01", ["resnet-50"]],
  ])("%j", async (q, expected) => {
    expect(await names(q)).toEqual(expected);
  });

  it("uuid exact and IN", async () => {
    expect(await names(`uuid:${uuids.gpt2}`)).toEqual(["gpt2"]);
    expect(await names(`uuid:${uuids.gpt2.toUpperCase()} | ${uuids["resnet-50"]}`)).toEqual(["gpt2", "resnet-50"]);
    expect(await names(`uuid:~${uuids.gpt2}`)).toEqual(but("gpt2"));
    // A subquery as the column (the version's run uuid).
    expect(await names(`run:${uuids.run}`)).toEqual(["resnet-50"]);
    expect(await names("run:nil")).toEqual(but("resnet-50"));
    expect(await names(`run:~${uuids.run}`)).toEqual(but("resnet-50"));
  });

  it("sorts by columns, with the tiebreaker keeping equal keys in id order", async () => {
    expect(await names("", "-name")).toEqual([...ALL].reverse());
    expect(await names("", "-created_at")).toEqual(["MyBERT", "gpt2", "resnet-101", "bert_base", "resnet-50"]);
    expect(await names("", "")).toEqual(["MyBERT", "gpt2", "resnet-101", "bert_base", "resnet-50"]); // -updated_at
    // stage enum order: testing, staging, production, disabled; two productions by id.
    expect(await names("", "stage")).toEqual(["resnet-101", "bert_base", "resnet-50", "MyBERT", "gpt2"]);
    expect(await names("", "-stage")).toEqual(["gpt2", "MyBERT", "resnet-50", "bert_base", "resnet-101"]);
    expect(await names("", "stage,-name")).toEqual(["resnet-101", "bert_base", "resnet-50", "MyBERT", "gpt2"]);
  });

  it("sorts by a json path in jsonb order, rows without the value last", async () => {
    // jsonb order: array > number > string; SQL null (missing) last either way.
    expect(await names("", "-meta.metrics.accuracy")).toEqual(["MyBERT", "resnet-50", "gpt2", "bert_base", "resnet-101"]);
    expect(await names("", "meta.metrics.accuracy")).toEqual(["bert_base", "gpt2", "resnet-50", "MyBERT", "resnet-101"]);
    expect(await names("tags:vision", "-meta.nothing.here,name")).toEqual(["resnet-101", "resnet-50"]);
  });

  it("a bad query is an InvalidError before any SQL runs", async () => {
    await expect(names("nme:x")).rejects.toBeInstanceOf(InvalidError);
    await expect(names("name_number:1.5x")).rejects.toThrow(/position 12/);
    await expect(names("", "nme")).rejects.toThrow(/^sort: unknown sort field 'nme'/);
  });

  it("property: random and mutated queries either are refused or run without a database error", async () => {
    let ran = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(queryArb, typedQueryArb, mutatedQueryArb), async (q) => {
        let where;
        try {
          where = compileWhere(spec, q);
        } catch (e) {
          expect(e).toBeInstanceOf(InvalidError);
          return;
        }
        await t.db
          .select({ id: versions.id })
          .from(versions)
          .where(where)
          .orderBy(...compileOrderBy(spec, "-meta.qp1"));
        ran++;
      }),
      { numRuns: 300 },
    );
    expect(ran).toBeGreaterThan(30);
  });

  it("property: any text as a quoted value, search or json value runs or is refused, never a database error", async () => {
    const quote = (x: string) => `"${x.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
    const text = fc.string({ maxLength: 30, unit: "binary" });
    const q = fc
      .tuple(text, fc.constantFrom("name:", "name:%", "description:~", "tags:", "meta.a.b:", "meta.a:%", "content:"))
      .map(([x, f]) => `${f}${quote(x)}${f.endsWith("%") ? "%" : ""}`);
    let ran = 0;
    await fc.assert(
      fc.asyncProperty(q, async (query) => {
        let where;
        try {
          where = compileWhere(spec, query);
        } catch (e) {
          expect(e).toBeInstanceOf(InvalidError);
          return;
        }
        await t.db.select({ id: versions.id }).from(versions).where(where);
        ran++;
      }),
      { numRuns: 200 },
    );
    expect(ran).toBeGreaterThan(150);
  });
});
