// MLflow's filter grammar: what the client sends (the prompt clause, backquoted keys), and clear errors.
import { describe, expect, it } from "vitest";
import { PqlError } from "./errors";
import { parseMlflowFilter } from "./mlflow-filter";

describe("parseMlflowFilter", () => {
  it("parses the client's registered-models clause with a backquoted key and !=", () => {
    expect(parseMlflowFilter("name LIKE 'm%' AND tag.`mlflow.prompt.is_prompt` != 'true'")).toEqual([
      { type: "attribute", key: "name", op: "LIKE", value: "m%", position: 0 },
      { type: "tag", key: "mlflow.prompt.is_prompt", op: "!=", value: "true", position: 19 },
    ]);
  });

  it('reads tags.k, tags."k", attribute.name, numbers, IN lists, ILIKE and lower-case keywords', () => {
    const c = parseMlflowFilter(
      `tags.team = "risk" and tags."a b" = 'x' AND attribute.name ilike '%X%' AND version_number >= 3 AND run_id IN ('a', 'b') AND name not in ('c')`,
    );
    expect(c.map((x) => [x.type, x.key, x.op, x.value])).toEqual([
      ["tag", "team", "=", "risk"],
      ["tag", "a b", "=", "x"],
      ["attribute", "name", "ILIKE", "%X%"],
      ["attribute", "version_number", ">=", 3],
      ["attribute", "run_id", "IN", ["a", "b"]],
      ["attribute", "name", "NOT IN", ["c"]],
    ]);
  });

  it("keeps quotes inside values (doubled or escaped) and treats an empty filter as none", () => {
    expect(parseMlflowFilter("name = 'it''s'")[0].value).toBe("it's");
    expect(parseMlflowFilter("name = 'it\\'s'")[0].value).toBe("it's");
    expect(parseMlflowFilter("  ")).toEqual([]);
    expect(parseMlflowFilter(null)).toEqual([]);
  });

  it.each([
    ["name = 'x' OR name = 'y'", /OR is not supported/],
    ["name = 'unterminated", /unterminated/],
    ["name 'x'", /expected =/],
    ["name =", /expected a value/],
    ["= 'x'", /expected a field name/],
    ["name = x", /expected a quoted value/],
    ["name IN 'x'", /expected a list/],
    ["name = 'x' name = 'y'", /expected AND/],
    ["name = 'x' ; drop table versions", /unexpected character/],
  ])("refuses %s with its position", (filter, message) => {
    expect(() => parseMlflowFilter(filter)).toThrow(PqlError);
    expect(() => parseMlflowFilter(filter)).toThrow(message);
  });

  it("bounds the filter's length and its number of conditions", () => {
    expect(() => parseMlflowFilter(`name = '${"x".repeat(5000)}'`)).toThrow(/longer than/);
    expect(() => parseMlflowFilter(Array.from({ length: 21 }, () => "name = 'x'").join(" AND "))).toThrow(/at most 20/);
  });
});
