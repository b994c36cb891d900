import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { InvalidError } from "@/lib/registry/errors";
import { compileOrderBy, compileWhere, parseQuery, PqlError } from "./index";
import { mutatedQueryArb, queryArb, typedQueryArb, marker } from "./test-arbitraries";
import { testSpec as spec } from "./test-spec";

const dialect = new PgDialect();
const render = (s: SQL) => dialect.sqlToQuery(s);
const where = (q: string) => render(compileWhere(spec, q)!);
const order = (s: string | null) =>
  compileOrderBy(spec, s)
    .map((x) => render(x).sql)
    .join(", ");

function invalid(fn: () => unknown): InvalidError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidError);
    return e as InvalidError;
  }
  throw new Error("expected an InvalidError");
}

describe("compileWhere: refusals are InvalidError on 'query' with position and expectation", () => {
  it("unknown field lists the known ones", () => {
    const e = invalid(() => compileWhere(spec, "nme:x"));
    expect(e.message).toBe(
      "query: unknown field 'nme' at position 0; expected one of name, description, content, uuid, kind, stage, tags, name_number, has_content, run, created_at, updated_at, meta.<path>",
    );
    expect(e.fieldErrors.query?.[0]).toMatch(/^unknown field 'nme' at position 0/);
  });

  it("parse errors are wrapped too", () => {
    expect(invalid(() => compileWhere(spec, "name:")).message).toBe("query: expected a value after ':' at position 5");
  });

  it.each<[string, number, RegExp]>([
    ["stage:prod", 6, /unexpected 'prod' .*expected one of testing, staging, production, disabled for 'stage'/],
    ["kind:model|dataset", 11, /unexpected 'dataset'/],
    ["name_number:abc", 12, /expected a number for 'name_number'/],
    ["name_number:1e999", 12, /expected a number/],
    ["name_number:0x10", 12, /expected a number/],
    ["name_number:%1%", 12, /search with % is only for text fields/],
    ["created_at:2026-13-01", 11, /expected a date or date-time for 'created_at'/],
    ["created_at:2026-02-29", 11, /expected a date/],
    ["created_at:>2026-01-01T24:00", 12, /expected a date/],
    ["created_at:2026-01-01T10:00+15:00", 11, /expected a date/],
    ["created_at:yesterday", 11, /expected a date/],
    ["uuid:1234", 5, /expected a uuid for 'uuid'/],
    ["uuid:%abc%", 5, /search with %/],
    ["has_content:yes", 12, /expected true, false, 1 or 0 for 'has_content'/],
    ["tags:%vision%", 5, /search with %/],
    ["content:%x%", 8, /search with %/],
    ["stage:nil", 6, /unexpected nil .*\(it is never nil\)/],
    ["tags:~nil", 6, /unexpected nil/],
    ["tags:>1", 5, /unexpected '>' .*expected a tag or a\|b for 'tags'/],
    ["name:1..2", 5, /unexpected a range .*for 'name'/],
    ["stage:<production", 6, /unexpected '<'/],
    ["name_number:5..1", 12, /a range whose start is not after its end/],
    ["created_at:2024-06-30..2024-01-01", 11, /a range whose start is not after its end/],
    ["meta.metrics.accuracy:>high", 23, /expected a number for 'meta.metrics.accuracy'/],
    ["meta.x:a..b", 7, /expected a number/],
    ["meta.x:3..1", 7, /start is not after its end/],
    ["meta:1", 4, /expected a path after 'meta.'/],
    ["name.x:1", 0, /unknown field 'name.x'/],
    ["inputs.lr:1", 0, /unknown field 'inputs.lr'/],
  ])("%j → position %i", (q, position, re) => {
    const e = invalid(() => compileWhere(spec, q));
    expect(e.message).toContain(`at position ${position}`);
    expect(e.message).toMatch(re);
  });

  it("a PqlError carries position and expectation for callers that parse only", () => {
    try {
      parseQuery("name:a,");
      throw new Error("no error");
    } catch (e) {
      expect(e).toBeInstanceOf(PqlError);
      expect((e as PqlError).position).toBe(7);
      expect((e as PqlError).expected).toBe("a condition after ','");
    }
  });
});

describe("compileWhere: SQL shape, with values as parameters", () => {
  it("no query, no condition", () => {
    expect(compileWhere(spec, null)).toBeUndefined();
    expect(compileWhere(spec, undefined)).toBeUndefined();
    expect(compileWhere(spec, "   ")).toBeUndefined();
  });

  it("equality and IN", () => {
    expect(where("name:zebra")).toMatchObject({ sql: '"versions"."name" = $1', params: ["zebra"] });
    expect(where("stage:production|staging")).toMatchObject({
      sql: '"versions"."stage" in ($1, $2)',
      params: ["production", "staging"],
    });
  });

  it("search escapes the user's % and _ and is case-insensitive", () => {
    expect(where("name:%res_net%")).toMatchObject({ sql: '"versions"."name" ilike $1', params: ["%res\\_net%"] });
    expect(where("name:bert%").params).toEqual(["bert%"]);
    expect(where("name:%bert").params).toEqual(["%bert"]);
    expect(where("description:%50%%").params).toEqual(["%50\\%%"]);
    expect(where("name:%a\\b%").params).toEqual(["%a\\\\b%"]);
  });

  it("~ keeps rows where the condition is not true (nulls included)", () => {
    expect(where("stage:~production").sql).toBe('("versions"."stage" = $1) is not true');
    expect(where("content:~nil").sql).toBe('"versions"."content" is not null');
  });

  it("tags: contains one, overlaps many", () => {
    expect(where("tags:a").sql).toBe('"versions"."tags" @> array[$1]::text[]');
    expect(where("tags:a|b").sql).toBe('"versions"."tags" && array[$1, $2]::text[]');
  });

  it("an SQL expression used as a column is parenthesized", () => {
    expect(where("has_content:true")).toMatchObject({ sql: '("versions"."content" is not null) = $1', params: [true] });
  });

  it("numbers are bound as ::numeric so an integer column never fails to cast '1.5'", () => {
    expect(where("name_number:>=1.5")).toMatchObject({ sql: '"versions"."name_number" >= $1::numeric', params: ["1.5"] });
    expect(where("name_number:..+3").params).toEqual(["3"]);
  });

  it("a date stands for its whole UTC day; a date-time for its minute or second", () => {
    const p = (q: string) => where(q);
    expect(p("created_at:2024-06-30")).toMatchObject({
      sql: '("versions"."created_at" >= $1::timestamptz and "versions"."created_at" < $2::timestamptz)',
      params: ["2024-06-30T00:00:00.000Z", "2024-07-01T00:00:00.000Z"],
    });
    expect(p("created_at:>2024-06-30")).toMatchObject({ sql: '"versions"."created_at" >= $1::timestamptz', params: ["2024-07-01T00:00:00.000Z"] });
    expect(p("created_at:>=2024-06-30").params).toEqual(["2024-06-30T00:00:00.000Z"]);
    expect(p("created_at:<2024-06-30")).toMatchObject({ sql: '"versions"."created_at" < $1::timestamptz', params: ["2024-06-30T00:00:00.000Z"] });
    expect(p("created_at:<=2024-06-30").params).toEqual(["2024-07-01T00:00:00.000Z"]);
    expect(p("created_at:2024-01-01 .. 2024-06-30").params).toEqual(["2024-01-01T00:00:00.000Z", "2024-07-01T00:00:00.000Z"]);
    expect(p("created_at:>2026-01-01T10:00+02:00").params).toEqual(["2026-01-01T08:01:00.000Z"]);
    expect(p("created_at:<=2026-01-01T10:00:05Z").params).toEqual(["2026-01-01T10:00:06.000Z"]);
    expect(p("created_at:>=2026-01-01 10:00:05.25").params).toEqual(["2026-01-01T10:00:05.250Z"]);
    expect(p("created_at:<=9999-12-31").params).toEqual(["10000-01-01T00:00:00.000Z"]);
    expect(p("created_at:2024-02-29").params[0]).toBe("2024-02-29T00:00:00.000Z");
  });

  it("json paths: path and values are parameters; comparisons go through lax jsonpath", () => {
    expect(where("meta.metrics.accuracy:>=0.9")).toMatchObject({
      sql: `jsonb_path_exists("versions"."meta_info", $1::jsonpath, jsonb_build_object('v', $2::numeric), true)`,
      params: ['$."metrics"."accuracy" ? (@ >= $v)', "0.9"],
    });
    expect(where("meta.framework:pytorch").params).toEqual(['$."framework" ? (@ == $s)', "pytorch"]);
    expect(where("meta.epochs:10").params).toEqual(['$."epochs" ? (@ == $s || @ == $n)', "10", "10"]);
    expect(where('meta.epochs:"10"').params).toEqual(['$."epochs" ? (@ == $s)', "10"]);
    expect(where("meta.flag:true").params).toEqual(['$."flag" ? (@ == $s || @ == $b)', "true"]);
    expect(where("meta.a:1..2").params).toEqual(['$."a" ? (@ >= $a && @ <= $b)', "1", "2"]);
    expect(where("meta.framework:%torch%")).toMatchObject({
      sql: `("versions"."meta_info" #>> $1::text[]) ilike $2`,
      params: ['{"framework"}', "%torch%"],
    });
    expect(where("meta.framework:nil").sql).toBe(`coalesce(jsonb_typeof("versions"."meta_info" #> $1::text[]), 'null') = 'null'`);
  });

  it("conditions are ANDed", () => {
    expect(where("name:a, stage:testing").sql).toBe('(("versions"."name" = $1) and ("versions"."stage" = $2))');
  });
});

describe("compileOrderBy", () => {
  it("defaults to spec.defaultSort and ends with the tiebreaker in the first key's direction", () => {
    expect(order(null)).toBe('"versions"."updated_at" desc, "versions"."id" desc');
    expect(order("  ")).toBe('"versions"."updated_at" desc, "versions"."id" desc');
    expect(order("name")).toBe('"versions"."name" asc, "versions"."id" asc');
    expect(order(" -created_at , name ")).toBe('"versions"."created_at" desc, "versions"."name" asc, "versions"."id" desc');
    expect(order("- name")).toBe('"versions"."name" desc, "versions"."id" desc');
  });

  it("sorts by a json path with nulls last; the path is a parameter", () => {
    const [first] = compileOrderBy(spec, "-meta.metrics.accuracy");
    expect(render(first)).toMatchObject({
      sql: '"versions"."meta_info" #> $1::text[] desc nulls last',
      params: ['{"metrics","accuracy"}'],
    });
  });

  it("a repeated field counts once", () => {
    expect(order("name,-name")).toBe('"versions"."name" asc, "versions"."id" asc');
  });

  it.each<[string, number, RegExp]>([
    ["nme", 0, /^sort: unknown sort field 'nme' at position 0; expected one of name, stage, name_number, created_at, updated_at, meta.<path>/],
    ["name, -nme", 7, /unknown sort field 'nme'/],
    ["name,,created_at", 5, /expected a sort field at position 5/],
    ["name,", 5, /expected a sort field/],
    ["+name", 0, /unknown sort field '\+name'/],
    ["description", 0, /unknown sort field 'description'/],
    ["meta", 0, /unknown sort field 'meta'/],
    ["-meta..x", 6, /a path segment/],
    ["name;drop table versions", 0, /unknown sort field/],
  ])("%j → InvalidError on 'sort' at %i", (s, position, re) => {
    const e = invalid(() => compileOrderBy(spec, s));
    expect(e.fieldErrors.sort).toHaveLength(1);
    expect(e.message).toContain(`at position ${position}`);
    expect(e.message).toMatch(re);
  });
});

function compiles(q: string): SQL | undefined | "invalid" {
  try {
    return compileWhere(spec, q);
  } catch (e) {
    if (e instanceof InvalidError) return "invalid";
    throw e;
  }
}

describe("property: any text parses or fails with a PqlError, and compiles or fails with InvalidError", () => {
  it("arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80, unit: "binary" }), (q) => {
        try {
          parseQuery(q);
        } catch (e) {
          expect(e).toBeInstanceOf(PqlError);
        }
        compiles(q);
      }),
      { numRuns: 2000 },
    );
  });

  it("mutations of valid queries", () => {
    fc.assert(
      fc.property(mutatedQueryArb, (q) => void compiles(q)),
      { numRuns: 2000 },
    );
  });

  it("compiled SQL never contains the user's values or path segments", () => {
    let compiled = 0;
    fc.assert(
      fc.property(fc.oneof(queryArb, typedQueryArb, mutatedQueryArb), (q) => {
        const out = compiles(q);
        if (out === "invalid" || out === undefined) return;
        compiled++;
        const text = dialect.sqlToQuery(out).sql;
        expect(text).not.toMatch(/q[vp][a-z0-9]/);
        // The only literals are PQL's own jsonpath variable names and 'null': none carries user text.
        for (const lit of text.match(/'[^']*'/g) ?? []) expect(["'v'", "'s'", "'n'", "'b'", "'a'", "'null'"]).toContain(lit);
      }),
      { numRuns: 1500 },
    );
    // The generator must actually produce valid queries, or this test proves nothing.
    expect(compiled).toBeGreaterThan(100);
  });

  it("sort text: a list of ORDER BY fragments or InvalidError, never raw text in SQL", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 40 }),
          marker("qp").map((p) => `-meta.${p},name`),
        ),
        (s) => {
          try {
            const parts = compileOrderBy(spec, s);
            expect(parts.length).toBeGreaterThan(0);
            for (const p of parts) expect(render(p).sql).not.toMatch(/qp/);
          } catch (e) {
            expect(e).toBeInstanceOf(InvalidError);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
