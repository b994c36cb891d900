import { describe, expect, it } from "vitest";
import { PqlError } from "./errors";
import { parseQuery } from "./parser";
import type { PqlOperand, PqlValue } from "./types";

const v = (raw: string, position: number, extra: Partial<PqlValue> = {}): PqlValue => ({
  raw,
  position,
  quoted: false,
  prefix: false,
  suffix: false,
  ...extra,
});

function one(q: string) {
  const ast = parseQuery(q);
  expect(ast.conditions).toHaveLength(1);
  return ast.conditions[0];
}

function operand(q: string): PqlOperand {
  return one(q).operand;
}

function error(q: string): PqlError {
  try {
    parseQuery(q);
  } catch (e) {
    expect(e).toBeInstanceOf(PqlError);
    return e as PqlError;
  }
  throw new Error(`expected ${JSON.stringify(q)} to fail`);
}

describe("parseQuery: forms", () => {
  it("an empty or blank query has no conditions", () => {
    expect(parseQuery("")).toEqual({ conditions: [] });
    expect(parseQuery("  \t ")).toEqual({ conditions: [] });
  });

  it("field:value", () => {
    expect(one("name:resnet")).toEqual({
      field: "name",
      position: 0,
      negate: false,
      operand: { kind: "values", position: 5, values: [v("resnet", 5)] },
    });
  });

  it("conditions joined by ',' with whitespace around tokens", () => {
    const ast = parseQuery("  name : resnet ,stage:production  ");
    expect(ast.conditions.map((c) => [c.field, c.position, c.operand])).toEqual([
      ["name", 2, { kind: "values", position: 9, values: [v("resnet", 9)] }],
      ["stage", 17, { kind: "values", position: 23, values: [v("production", 23)] }],
    ]);
  });

  it("a|b lists, with whitespace", () => {
    expect(operand("stage:production | staging|testing")).toEqual({
      kind: "values",
      position: 6,
      values: [v("production", 6), v("staging", 19), v("testing", 27)],
    });
  });

  it("~ negates", () => {
    const c = one("stage:~production");
    expect(c.negate).toBe(true);
    expect(c.operand).toEqual({ kind: "values", position: 7, values: [v("production", 7)] });
    expect(one("tags: ~ legacy").negate).toBe(true);
    expect(one("tags:legacy").negate).toBe(false);
  });

  it("nil and ~nil", () => {
    expect(one("description:nil")).toMatchObject({ negate: false, operand: { kind: "nil", position: 12 } });
    expect(one("description:~nil")).toMatchObject({ negate: true, operand: { kind: "nil", position: 13 } });
    // A quoted "nil" is the string nil.
    expect(operand('name:"nil"')).toEqual({ kind: "values", position: 5, values: [v("nil", 5, { quoted: true })] });
  });

  it.each([">", ">=", "<", "<="] as const)("comparison %s", (op) => {
    expect(operand(`created_at:${op}2026-01-01`)).toEqual({
      kind: "compare",
      position: 11,
      op,
      value: v("2026-01-01", 11 + op.length),
    });
  });

  it("comparison with whitespace, date-times with ':' and offsets, negated", () => {
    const c = one("created_at: ~ >= 2026-01-01T10:00:00+02:00");
    expect(c.negate).toBe(true);
    expect(c.operand).toEqual({ kind: "compare", position: 14, op: ">=", value: v("2026-01-01T10:00:00+02:00", 17) });
  });

  it("ranges with and without spaces, numbers and dates", () => {
    expect(operand("created_at:2024-01-01 .. 2024-06-30")).toEqual({
      kind: "range",
      position: 11,
      from: v("2024-01-01", 11),
      to: v("2024-06-30", 25),
    });
    expect(operand("n:1..5")).toEqual({ kind: "range", position: 2, from: v("1", 2), to: v("5", 5) });
    expect(operand("n:-1.5..-0.5")).toEqual({ kind: "range", position: 2, from: v("-1.5", 2), to: v("-0.5", 8) });
  });

  it("half-open ranges", () => {
    expect(operand("n:3..")).toEqual({ kind: "range", position: 2, from: v("3", 2), to: null });
    expect(operand("n:..3")).toEqual({ kind: "range", position: 2, from: null, to: v("3", 4) });
    expect(parseQuery("n:3.. , name:a").conditions).toHaveLength(2);
  });

  it("search markers: contains, starts with, ends with", () => {
    expect(operand("name:%resnet%")).toMatchObject({ values: [v("resnet", 5, { prefix: true, suffix: true })] });
    expect(operand("name:bert%")).toMatchObject({ values: [v("bert", 5, { suffix: true })] });
    expect(operand("name:%bert")).toMatchObject({ values: [v("bert", 5, { prefix: true })] });
    // Only the outer % are markers: an inner one is text.
    expect(operand("description:%50%%")).toMatchObject({ values: [v("50%", 12, { prefix: true, suffix: true })] });
  });

  it("quoted values keep , | : and escapes; % outside the quotes still searches", () => {
    expect(operand('name:"a,b|c:d"')).toEqual({ kind: "values", position: 5, values: [v("a,b|c:d", 5, { quoted: true })] });
    expect(operand('name:"say \\"hi\\" \\\\ ok"')).toMatchObject({ values: [{ raw: 'say "hi" \\ ok', quoted: true }] });
    expect(operand('name:%"a,b"%')).toMatchObject({ values: [v("a,b", 5, { quoted: true, prefix: true, suffix: true })] });
    expect(operand('name:"x" | "y"')).toMatchObject({
      values: [
        { raw: "x", position: 5 },
        { raw: "y", position: 11 },
      ],
    });
  });

  it("unquoted values may hold inner spaces, ':' and single dots", () => {
    expect(operand("name:my model v1.2")).toMatchObject({ values: [{ raw: "my model v1.2" }] });
    expect(operand("name:a:b")).toMatchObject({ values: [{ raw: "a:b" }] });
  });

  it("json paths as fields", () => {
    const c = one("meta.metrics.accuracy:>=0.9");
    expect(c.field).toBe("meta.metrics.accuracy");
    expect(c.operand).toEqual({ kind: "compare", position: 22, op: ">=", value: v("0.9", 24) });
    expect(one("inputs.Learning-Rate_2:<0.01").field).toBe("inputs.Learning-Rate_2");
    expect(one("meta.a.b.c.d.e.f.g.h:1").field).toBe("meta.a.b.c.d.e.f.g.h");
  });
});

describe("parseQuery: errors name the position and what was expected", () => {
  it.each<[string, number, string]>([
    ["name:", 5, "a value after ':'"],
    ["name:  ", 7, "a value after ':'"],
    ["name:~", 6, "a value after '~'"],
    ["name", 4, "':' after 'name'"],
    ["name resnet", 5, "':' after 'name'"],
    [":x", 0, "a field name"],
    ["name:a,", 7, "a condition after ','"],
    ["name:a,,b:c", 7, "a field name"],
    ["name:a|", 7, "a value after '|'"],
    ["n:>", 3, "a value after '>'"],
    ["n:>=  ", 6, "a value after '>='"],
    ["n:..", 4, "a value after '..'"],
    ["n:>1|2", 4, "',' or the end of the query (a comparison takes one value)"],
    ["n:>1..2", 4, "',' or the end of the query (a comparison takes one value)"],
    ["n:1|2..3", 5, "',' or the end of the query (a range takes one value on each side)"],
    ["n:nil|1", 5, "',' or the end of the query (nil stands alone)"],
    ["n:1|nil", 4, "a value other than nil in a list (nil stands alone)"],
    ['name:"abc', 5, "a closing '\"'"],
    ['name:ab"c"', 7, "quotes around the whole value, not inside it"],
    ['name:"a" b', 9, "',' or the end of the query"],
    ["name:%", 5, "a value after ':'"],
    ["name:%%", 5, "a value after ':'"],
    ["name:a|~b", 7, "a value after '|' (quote values that start with ~, < or >)"],
    ["Name:x", 0, "a field name in lower snake case (e.g. name, created_at)"],
    ["1name:x", 0, "a field name in lower snake case (e.g. name, created_at)"],
    ["meta..a:1", 5, "a path segment of letters, digits, '_' or '-' after '.'"],
    ["meta.a.:1", 7, "a path segment of letters, digits, '_' or '-' after '.'"],
    ["meta.a.b.c.d.e.f.g.h.i:1", 20, "at most 8 path segments after 'meta'"],
    ["name:a, stage:b x:c", 16, "',' between conditions (or quotes around a value holding ' word:')"],
    ["name:a, stage:b x y:c", 18, "',' between conditions (or quotes around a value holding ' word:')"],
  ])("%j → position %i, expected %s", (q, position, expected) => {
    const e = error(q);
    expect(e.position).toBe(position);
    expect(e.expected).toBe(expected);
    expect(e.message).toContain(`at position ${position}`);
    expect(e.message).toContain(`expected ${expected}`);
  });

  it("at the end of the text the message reads 'expected … at position n'", () => {
    expect(error("name:").message).toBe("expected a value after ':' at position 5");
    expect(error("name:a b c,x").message).toBe("expected ':' after 'x' at position 12");
    // Date-times with a space are still one value.
    expect(operand("created_at:>2026-01-01 10:00")).toMatchObject({ value: { raw: "2026-01-01 10:00" } });
  });

  it("mid-text the message names what was found", () => {
    expect(error("name resnet").message).toBe("unexpected 'r' at position 5; expected ':' after 'name'");
  });

  it("refuses NUL, which Postgres text cannot hold", () => {
    expect(error('name:"a\u0000b"')).toMatchObject({ position: 7, expected: "text without NUL characters" });
  });

  it("refuses huge queries before parsing them", () => {
    expect(error("name:a,".repeat(1000)).expected).toMatch(/at most 4000 characters/);
    expect(error(Array.from({ length: 65 }, (_, i) => `f${i}:x`).join(",")).expected).toBe("at most 64 conditions");
  });
});
