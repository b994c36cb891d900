// The public shapes of PQL: how a list describes its fields, and the parsed query.
import type { SQL, AnyColumn } from "drizzle-orm";

export type FieldSpec =
  | { type: "string"; column: AnyColumn | SQL; search?: boolean }
  | { type: "enum"; column: AnyColumn | SQL; values: readonly string[] }
  | { type: "number"; column: AnyColumn | SQL }
  | { type: "datetime"; column: AnyColumn | SQL }
  | { type: "boolean"; column: AnyColumn | SQL }
  /** `nillable`: the column is null when the list is empty, and `field:nil` matches those rows. */
  | { type: "tags"; column: AnyColumn | SQL; nillable?: boolean }
  | { type: "uuid"; column: AnyColumn | SQL };

export type FieldType = FieldSpec["type"];

export type QuerySpec = {
  fields: Record<string, FieldSpec>;
  /** prefix → jsonb column: `meta.metrics.accuracy:>=0.9` (versions: meta → meta_info; runs: inputs, outputs). */
  json?: Record<string, AnyColumn | SQL>;
  /** sortable field name → column; json prefixes are sortable by path too (`-meta.metrics.accuracy`). */
  sortable: Record<string, AnyColumn | SQL>;
  /** used when the sort is empty, e.g. "-updated_at". */
  defaultSort: string;
  /** a unique column appended to every ORDER BY so pagination is stable (e.g. versions.id). */
  tiebreaker: AnyColumn;
};

/**
 * One value as written. `raw` is the text without quotes/escapes and without the `%` markers;
 * `prefix`/`suffix` say whether an unquoted-position `%` stood before/after it (search);
 * `position` is the 0-based offset of the value's first character (its `%` or `"` if any).
 */
export type PqlValue = { raw: string; quoted: boolean; position: number; prefix: boolean; suffix: boolean };

export type PqlCompareOp = ">" | ">=" | "<" | "<=";

/** Every operand records `position`, the offset where it starts (after `:` and any `~`). */
export type PqlOperand =
  /** `a` or `a|b|c` (IN / overlaps); each value may carry `%` search markers. */
  | { kind: "values"; position: number; values: PqlValue[] }
  | { kind: "compare"; position: number; op: PqlCompareOp; value: PqlValue }
  /** `a..b` inclusive; either side may be missing (`a..`, `..b`) but not both. */
  | { kind: "range"; position: number; from: PqlValue | null; to: PqlValue | null }
  | { kind: "nil"; position: number };

/** `field:~operand`; `position` is where the field name starts. */
export type PqlCondition = { field: string; position: number; negate: boolean; operand: PqlOperand };

export type QueryAst = { conditions: PqlCondition[] };
