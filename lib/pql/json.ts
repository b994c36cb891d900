// Conditions on a jsonb column by path (`meta.metrics.accuracy:>=0.9`). Path segments are already limited
// to [A-Za-z0-9_-] by the parser; the path and the values still travel as bound parameters. Comparisons use
// jsonb_path_exists in lax mode, so a row whose value is missing, a string or an object simply does not match.
import { sql, type SQL, type AnyColumn } from "drizzle-orm";
import { pqlError } from "./parser";
import type { PqlOperand, PqlValue } from "./types";
import { isNumberText, likePattern, readNumber } from "./values";

type Col = AnyColumn | SQL;

/** `{"metrics","accuracy"}` as a text[] parameter, for `#>` / `#>>`. */
export function pathArray(path: string[]): SQL {
  return sql`${`{${path.map((s) => `"${s}"`).join(",")}}`}::text[]`;
}

/** `$."metrics"."accuracy"` — quoted member accessors, so segments like `1` or `a-b` stay keys. */
function jsonPath(path: string[]): string {
  return `$${path.map((s) => `."${s}"`).join("")}`;
}

function pathExists(col: Col, path: string[], filter: string, vars: [string, SQL][]): SQL {
  const jp = sql`${`${jsonPath(path)} ? (${filter})`}::jsonpath`;
  const obj = sql`jsonb_build_object(${sql.join(
    vars.map(([k, v]) => sql`${sql.raw(`'${k}'`)}, ${v}`),
    sql`, `,
  )})`;
  // silent => true: whatever the data holds, the database answers false rather than raising.
  return sql`jsonb_path_exists(${col}, ${jp}, ${obj}, true)`;
}

const num = (text: string) => sql`${text}::numeric`;

/** A bare number or boolean also matches that JSON type; a quoted value is always a string. */
function equals(col: Col, path: string[], v: PqlValue): SQL {
  const vars: [string, SQL][] = [["s", sql`${v.raw}::text`]];
  const tests = ["@ == $s"];
  const lower = v.raw.trim().toLowerCase();
  if (!v.quoted && isNumberText(v.raw.trim())) {
    vars.push(["n", num(v.raw.trim().replace(/^\+/, ""))]);
    tests.push("@ == $n");
  } else if (!v.quoted && (lower === "true" || lower === "false")) {
    vars.push(["b", lower === "true" ? sql`true` : sql`false`]);
    tests.push("@ == $b");
  }
  return pathExists(col, path, tests.join(" || "), vars);
}

export function compileJson(col: Col, path: string[], op: PqlOperand, field: string): SQL {
  switch (op.kind) {
    case "nil":
      // Missing and JSON null are both nil.
      return sql`coalesce(jsonb_typeof(${col} #> ${pathArray(path)}), 'null') = 'null'`;
    case "values": {
      const parts = op.values.map((v) => {
        const pattern = likePattern(v);
        if (pattern !== null) return sql`(${col} #>> ${pathArray(path)}) ilike ${pattern}`;
        return equals(col, path, v);
      });
      return parts.length === 1 ? parts[0] : sql`(${sql.join(parts, sql` or `)})`;
    }
    case "compare":
      return pathExists(col, path, `@ ${op.op} $v`, [["v", num(readNumber(op.value, field))]]);
    case "range": {
      const from = op.from && readNumber(op.from, field);
      const to = op.to && readNumber(op.to, field);
      if (from !== null && to !== null && Number(from) > Number(to)) {
        throw pqlError(op.position, "a range whose start is not after its end", `'${from}..${to}'`);
      }
      const tests: string[] = [];
      const vars: [string, SQL][] = [];
      if (from !== null) {
        tests.push("@ >= $a");
        vars.push(["a", num(from)]);
      }
      if (to !== null) {
        tests.push("@ <= $b");
        vars.push(["b", num(to)]);
      }
      return pathExists(col, path, tests.join(" && "), vars);
    }
  }
}
