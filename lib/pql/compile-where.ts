// AST → a Drizzle WHERE fragment. Values reach SQL only as bound parameters, after a typed check in values.ts.
import { sql, type SQL, type AnyColumn } from "drizzle-orm";
import { PqlError } from "./errors";
import { compileJson } from "./json";
import { pqlError, show } from "./parser";
import type { FieldSpec, PqlCondition, PqlOperand, PqlValue, QueryAst, QuerySpec } from "./types";
import { likePattern, plain, readBoolean, readDatetime, readEnum, readNumber, readUuid, ref, type Instant } from "./values";

type Col = AnyColumn | SQL;

/** What each type accepts, for "expected …" in errors. */
function forms(spec: FieldSpec): string {
  switch (spec.type) {
    case "string":
      return `a value, a|b, nil${spec.search ? " or a %search%" : ""}`;
    case "enum":
      return `one of ${spec.values.join(", ")} (or a|b)`;
    case "number":
      return "a number, a|b, >, >=, <, <=, a..b or nil";
    case "datetime":
      return "a date, >, >=, <, <=, a..b or nil";
    case "boolean":
      return "true, false, 1 or 0";
    case "tags":
      return "a tag or a|b";
    case "uuid":
      return "a uuid, a|b or nil";
  }
}

const NILLABLE = new Set<FieldSpec["type"]>(["string", "number", "datetime", "uuid"]);

function describe(op: PqlOperand): string {
  if (op.kind === "compare") return `'${op.op}'`;
  if (op.kind === "range") return "a range";
  if (op.kind === "nil") return "nil";
  return "a value";
}

export function expectedFields(spec: QuerySpec): string {
  const names = [...Object.keys(spec.fields), ...Object.keys(spec.json ?? {}).map((p) => `${p}.<path>`)];
  return `one of ${names.join(", ")}`;
}

export function compileAst(spec: QuerySpec, ast: QueryAst): SQL | undefined {
  const parts = ast.conditions.map((c) => compileCondition(spec, c));
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return parts[0];
  return sql`(${sql.join(
    parts.map((p) => sql`(${p})`),
    sql` and `,
  )})`;
}

function compileCondition(spec: QuerySpec, c: PqlCondition): SQL {
  const segments = c.field.split(".");
  const jsonCol = spec.json && Object.hasOwn(spec.json, segments[0]) ? ref(spec.json[segments[0]]) : undefined;
  let cond: SQL;
  if (segments.length === 1 && Object.hasOwn(spec.fields, c.field)) {
    const field = spec.fields[c.field];
    if (c.operand.kind === "nil") {
      if (!NILLABLE.has(field.type) && !(field.type === "tags" && field.nillable)) {
        throw pqlError(c.operand.position, `${forms(field)} for '${c.field}' (it is never nil)`, "nil");
      }
      return c.negate ? sql`${ref(field.column)} is not null` : sql`${ref(field.column)} is null`;
    }
    cond = compileField(c.field, field, c.operand);
  } else if (jsonCol && segments.length > 1) {
    cond = compileJson(jsonCol, segments.slice(1), c.operand, c.field);
  } else if (jsonCol) {
    throw pqlError(c.position + c.field.length, `a path after '${c.field}.' (e.g. ${c.field}.metrics.accuracy)`);
  } else {
    const expected = expectedFields(spec);
    throw new PqlError(`unknown field ${show(c.field)} at position ${c.position}; expected ${expected}`, c.position, expected);
  }
  // `~` keeps rows where the condition is false or unknown (a null description is "not foo").
  return c.negate ? sql`(${cond}) is not true` : cond;
}

function eqList(col: Col, params: SQL[]): SQL {
  if (params.length === 1) return sql`${col} = ${params[0]}`;
  return sql`${col} in (${sql.join(params, sql`, `)})`;
}

function anyOf(parts: SQL[]): SQL {
  if (parts.length === 1) return parts[0];
  return sql`(${sql.join(parts, sql` or `)})`;
}

function compileField(name: string, field: FieldSpec, op: Exclude<PqlOperand, { kind: "nil" }>): SQL {
  const col = ref(field.column);
  if (op.kind !== "values" && field.type !== "number" && field.type !== "datetime") {
    throw pqlError(op.position, `${forms(field)} for '${name}'`, describe(op));
  }
  switch (field.type) {
    case "string": {
      const values = (op as { values: PqlValue[] }).values;
      const exact: SQL[] = [];
      const likes: SQL[] = [];
      for (const v of values) {
        const pattern = likePattern(v);
        if (pattern === null) exact.push(sql`${v.raw}`);
        else if (!field.search) plain(v, `${forms(field)} for '${name}'`);
        else likes.push(sql`${col} ilike ${pattern}`);
      }
      return anyOf([...(exact.length ? [eqList(col, exact)] : []), ...likes]);
    }
    case "enum":
      return eqList(
        col,
        opValues(op).map((v) => sql`${readEnum(v, name, field.values)}`),
      );
    case "boolean":
      return eqList(
        col,
        opValues(op).map((v) => sql`${readBoolean(v, name)}`),
      );
    case "uuid":
      return eqList(
        col,
        opValues(op).map((v) => sql`${readUuid(v, name)}`),
      );
    case "tags": {
      const tags = opValues(op).map((v) => sql`${plain(v, `${forms(field)} for '${name}'`)}`);
      // @> / && on text[] can use a GIN index on the column.
      return tags.length === 1 ? sql`${col} @> array[${tags[0]}]::text[]` : sql`${col} && array[${sql.join(tags, sql`, `)}]::text[]`;
    }
    case "number":
      return compileNumber(name, col, op);
    case "datetime":
      return compileDatetime(name, col, op);
  }
}

function opValues(op: PqlOperand): PqlValue[] {
  return op.kind === "values" ? op.values : [];
}

const num = (text: string) => sql`${text}::numeric`;

function compileNumber(name: string, col: Col, op: Exclude<PqlOperand, { kind: "nil" }>): SQL {
  if (op.kind === "values")
    return eqList(
      col,
      op.values.map((v) => num(readNumber(v, name))),
    );
  if (op.kind === "compare") return sql`${col} ${sql.raw(op.op)} ${num(readNumber(op.value, name))}`;
  const from = op.from && readNumber(op.from, name);
  const to = op.to && readNumber(op.to, name);
  if (from !== null && to !== null && Number(from) > Number(to)) {
    throw pqlError(op.position, "a range whose start is not after its end", show(`${from}..${to}`));
  }
  const parts: SQL[] = [];
  if (from !== null) parts.push(sql`${col} >= ${num(from)}`);
  if (to !== null) parts.push(sql`${col} <= ${num(to)}`);
  return sql.join(parts, sql` and `);
}

const ts = (iso: string) => sql`${iso}::timestamptz`;

/** A datetime value is an interval (its day, minute, …): see values.ts and README.md. */
function compileDatetime(name: string, col: Col, op: Exclude<PqlOperand, { kind: "nil" }>): SQL {
  if (op.kind === "values") {
    return anyOf(
      op.values.map((v) => {
        const t = readDatetime(v, name);
        return sql`(${col} >= ${ts(t.start)} and ${col} < ${ts(t.end)})`;
      }),
    );
  }
  if (op.kind === "compare") {
    const t = readDatetime(op.value, name);
    switch (op.op) {
      case ">":
        return sql`${col} >= ${ts(t.end)}`;
      case ">=":
        return sql`${col} >= ${ts(t.start)}`;
      case "<":
        return sql`${col} < ${ts(t.start)}`;
      case "<=":
        return sql`${col} < ${ts(t.end)}`;
    }
  }
  const from: Instant | null = op.from && readDatetime(op.from, name);
  const to: Instant | null = op.to && readDatetime(op.to, name);
  if (from && to && from.startMs >= to.endMs) {
    throw pqlError(op.position, "a range whose start is not after its end", show(`${op.from?.raw}..${op.to?.raw}`));
  }
  const parts: SQL[] = [];
  if (from) parts.push(sql`${col} >= ${ts(from.start)}`);
  if (to) parts.push(sql`${col} < ${ts(to.end)}`);
  return sql.join(parts, sql` and `);
}
