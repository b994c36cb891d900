// PQL text → AST. Pure and total: it returns an AST or throws a PqlError naming position and expectation.
import { PqlError } from "./errors";
import type { PqlCompareOp, PqlCondition, PqlOperand, PqlValue, QueryAst } from "./types";

export const MAX_QUERY_LENGTH = 4000;
export const MAX_CONDITIONS = 64;
export const MAX_VALUES = 100;
/** Segments after the json prefix (`meta.a.b.c` has 3). */
export const MAX_PATH_DEPTH = 8;

const FIELD_CHAR = /[A-Za-z0-9_.-]/;
const FIRST_SEGMENT = /^[a-z][a-z0-9_]*$/;
const PATH_SEGMENT = /^[A-Za-z0-9_-]+$/;
const WS = /\s/;
const NEXT_FIELD = /(\s+)[a-z][A-Za-z0-9_.-]*\s*:/y;

/** `unexpected 'x' at position 3; expected …`, or `expected … at position 3` at the end of the text. */
export function pqlError(position: number, expected: string, found?: string): PqlError {
  const message = found ? `unexpected ${found} at position ${position}; expected ${expected}` : `expected ${expected} at position ${position}`;
  return new PqlError(message, position, expected);
}

/** A short, quoted echo of user text for messages (never SQL). */
export function show(text: string): string {
  const t = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return `'${t}'`;
}

/** Checks a dotted field name; returns its segments. `start` is its offset in the text, for errors. */
export function fieldSegments(name: string, start: number): string[] {
  const segments = name.split(".");
  if (!FIRST_SEGMENT.test(segments[0])) {
    throw pqlError(start, "a field name in lower snake case (e.g. name, created_at)", show(name));
  }
  let offset = start + segments[0].length;
  for (let k = 1; k < segments.length; k++) {
    if (!PATH_SEGMENT.test(segments[k])) {
      throw pqlError(offset + 1, "a path segment of letters, digits, '_' or '-' after '.'", segments[k] ? show(segments[k]) : "'.'");
    }
    if (k > MAX_PATH_DEPTH) throw pqlError(offset, `at most ${MAX_PATH_DEPTH} path segments after '${segments[0]}'`, show(name));
    offset += segments[k].length + 1;
  }
  return segments;
}

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  private found(): string | undefined {
    return this.i < this.s.length ? show(this.s[this.i]) : undefined;
  }
  private fail(expected: string, at = this.i): never {
    const saved = this.i;
    this.i = at;
    const found = this.found();
    this.i = saved;
    throw pqlError(at, expected, found);
  }
  private ws() {
    while (this.i < this.s.length && WS.test(this.s[this.i])) this.i++;
  }
  private atEnd() {
    return this.i >= this.s.length;
  }
  private at(token: string) {
    return this.s.startsWith(token, this.i);
  }

  parse(): QueryAst {
    if (this.s.length > MAX_QUERY_LENGTH) {
      throw pqlError(MAX_QUERY_LENGTH, `a query of at most ${MAX_QUERY_LENGTH} characters`, "more text");
    }
    // Postgres text cannot hold NUL: refuse it here rather than let the database fail.
    const nul = this.s.indexOf("\u0000");
    if (nul >= 0) throw pqlError(nul, "text without NUL characters", "a NUL character");
    const conditions: PqlCondition[] = [];
    this.ws();
    if (this.atEnd()) return { conditions };
    for (;;) {
      if (conditions.length === MAX_CONDITIONS) this.fail(`at most ${MAX_CONDITIONS} conditions`);
      conditions.push(this.condition());
      this.ws();
      if (this.atEnd()) return { conditions };
      if (!this.at(",")) this.fail("',' or the end of the query");
      this.i++;
      this.ws();
      if (this.atEnd()) this.fail("a condition after ','");
    }
  }

  private condition(): PqlCondition {
    const position = this.i;
    while (this.i < this.s.length && FIELD_CHAR.test(this.s[this.i])) this.i++;
    const field = this.s.slice(position, this.i);
    if (!field) this.fail("a field name");
    fieldSegments(field, position);
    this.ws();
    if (!this.at(":")) this.fail(`':' after '${field}'`);
    this.i++;
    this.ws();
    let negate = false;
    if (this.at("~")) {
      negate = true;
      this.i++;
      this.ws();
    }
    const operand = this.operand(negate ? "a value after '~'" : "a value after ':'");
    return { field, position, negate, operand };
  }

  private operand(expected: string): PqlOperand {
    const position = this.i;
    for (const op of [">=", "<=", ">", "<"] as PqlCompareOp[]) {
      if (!this.at(op)) continue;
      this.i += op.length;
      this.ws();
      const value = this.value(`a value after '${op}'`);
      this.ws();
      if (this.at("|") || this.at("..")) this.fail(`',' or the end of the query (a comparison takes one value)`);
      return { kind: "compare", position, op, value };
    }
    if (this.at("..")) {
      this.i += 2;
      this.ws();
      return { kind: "range", position, from: null, to: this.value("a value after '..'") };
    }
    const first = this.value(expected);
    this.ws();
    if (this.at("..")) {
      this.i += 2;
      this.ws();
      const to = this.atEnd() || this.at(",") ? null : this.value("a value after '..'");
      return { kind: "range", position, from: first, to };
    }
    if (isNil(first)) {
      if (this.at("|")) this.fail("',' or the end of the query (nil stands alone)");
      return { kind: "nil", position };
    }
    const values = [first];
    while (this.at("|")) {
      this.i++;
      this.ws();
      if (values.length === MAX_VALUES) this.fail(`at most ${MAX_VALUES} values in a list`);
      const v = this.value("a value after '|'");
      if (isNil(v)) this.fail("a value other than nil in a list (nil stands alone)", v.position);
      values.push(v);
      this.ws();
    }
    if (this.at("..")) this.fail("',' or the end of the query (a range takes one value on each side)");
    return { kind: "values", position, values };
  }

  private value(expected: string): PqlValue {
    const position = this.i;
    let prefix = false;
    if (this.at("%")) {
      prefix = true;
      this.i++;
    }
    if (this.at('"')) {
      const raw = this.quoted();
      const suffix = this.at("%");
      if (suffix) this.i++;
      return { raw, quoted: true, position, prefix, suffix };
    }
    const start = this.i;
    if (this.i < this.s.length && "~<>".includes(this.s[this.i])) {
      this.fail(`${expected} (quote values that start with ~, < or >)`);
    }
    while (this.i < this.s.length && !",|".includes(this.s[this.i]) && !this.at("..")) {
      if (this.s[this.i] === '"') this.fail("quotes around the whole value, not inside it");
      // `name:a stage:b` is a forgotten comma, not the value "a stage:b".
      if (WS.test(this.s[this.i])) {
        NEXT_FIELD.lastIndex = this.i;
        const m = NEXT_FIELD.exec(this.s);
        if (m) this.fail("',' between conditions (or quotes around a value holding ' word:')", this.i + m[1].length);
      }
      this.i++;
    }
    let raw = this.s.slice(start, this.i).trimEnd();
    let suffix = false;
    if (raw.endsWith("%")) {
      suffix = true;
      raw = raw.slice(0, -1);
    }
    if (!raw) this.fail(expected, position);
    // Trailing whitespace belongs to the separator, not the value.
    this.i = start + raw.length + (suffix ? 1 : 0);
    return { raw, quoted: false, position, prefix, suffix };
  }

  /** `"…"` with `\"` and `\\` escapes (a backslash escapes any character). */
  private quoted(): string {
    const open = this.i;
    this.i++;
    let out = "";
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c === "\\") {
        if (this.i + 1 >= this.s.length) break;
        out += this.s[this.i + 1];
        this.i += 2;
        continue;
      }
      out += c;
      this.i++;
    }
    const expected = "a closing '\"'";
    throw new PqlError(`unterminated quoted value at position ${open}; expected ${expected}`, open, expected);
  }
}

function isNil(v: PqlValue): boolean {
  return !v.quoted && !v.prefix && !v.suffix && v.raw === "nil";
}

/** Parses a PQL query. Pure; throws PqlError. An empty or blank query has no conditions. */
export function parseQuery(query: string): QueryAst {
  return new Parser(query).parse();
}
