// PQL (Polyaxon's query language) for projects, versions and runs lists: parser → AST → Drizzle SQL.
// See README.md for the grammar. Every user value is validated here and bound as a parameter.
import type { SQL } from "drizzle-orm";
import { InvalidError } from "@/lib/registry/errors";
import { compileAst } from "./compile-where";
import { PqlError } from "./errors";
import { compileSort } from "./order-by";
import { parseQuery } from "./parser";
import type { QuerySpec } from "./types";

export { PqlError, parseQuery, compileAst };
export { parseMlflowFilter, type MlflowCondition, type MlflowOp, type MlflowValue } from "./mlflow-filter";
export { MAX_QUERY_LENGTH, MAX_CONDITIONS, MAX_VALUES, MAX_PATH_DEPTH } from "./parser";
export type {
  FieldSpec,
  FieldType,
  QuerySpec,
  QueryAst,
  PqlValue,
  PqlOperand,
  PqlCondition,
  PqlCompareOp,
} from "./types";

function asInvalid(field: "query" | "sort", err: unknown): unknown {
  return err instanceof PqlError ? InvalidError.field(field, err.message) : err;
}

/** The WHERE fragment for a PQL query, or undefined for an empty one. Throws InvalidError (field `query`). */
export function compileWhere(spec: QuerySpec, query: string | null | undefined): SQL | undefined {
  if (query == null) return undefined;
  try {
    return compileAst(spec, parseQuery(query));
  } catch (err) {
    throw asInvalid("query", err);
  }
}

/**
 * ORDER BY fragments for a sort (`-created_at,name`; empty → spec.defaultSort), ending with the tiebreaker
 * in the first key's direction. Use as `.orderBy(...compileOrderBy(spec, sort))`. Throws InvalidError (`sort`).
 */
export function compileOrderBy(spec: QuerySpec, sort: string | null | undefined): SQL[] {
  try {
    return compileSort(spec, sort ?? "");
  } catch (err) {
    throw asInvalid("sort", err);
  }
}
