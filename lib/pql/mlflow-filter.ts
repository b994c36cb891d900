// MLflow's search filter grammar (registered-models/search, model-versions/search), parsed to a small AST:
//   cond (AND cond)*;  cond := key op value;  key := name | tags.k | tag.`k` | tags."k";  op := = != < <= > >= LIKE ILIKE IN
// The AST is compiled to bound-parameter SQL by lib/registry/mlflow-search.ts; nothing here touches SQL.
import { PqlError } from "./errors";

export type MlflowOp = "=" | "!=" | "<" | "<=" | ">" | ">=" | "LIKE" | "ILIKE" | "IN" | "NOT IN";
export type MlflowValue = string | number | string[];
export type MlflowCondition = { type: "attribute" | "tag"; key: string; op: MlflowOp; value: MlflowValue; position: number };

export const MAX_FILTER_LENGTH = 4000;
export const MAX_FILTER_CONDITIONS = 20;

type Tok =
  | { t: "word"; v: string; pos: number }
  | { t: "quoted"; v: string; q: string; pos: number }
  | { t: "op"; v: string; pos: number }
  | { t: "num"; v: number; pos: number }
  | { t: "punct"; v: "(" | ")" | "," | "."; pos: number };

const fail = (pos: number, msg: string) => new PqlError(`Invalid filter at position ${pos}: ${msg}`, pos, msg);

function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'" || c === '"' || c === "`") {
      const start = i;
      let v = "";
      i++;
      for (;;) {
        if (i >= s.length) throw fail(start, `unterminated ${c}-quoted text`);
        if (s[i] === c) {
          // A doubled quote inside is the quote itself (SQL style); MLflow also accepts a backslash escape.
          if (s[i + 1] === c) {
            v += c;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (s[i] === "\\" && i + 1 < s.length) {
          v += s[i + 1];
          i += 2;
          continue;
        }
        v += s[i++];
      }
      out.push({ t: "quoted", v, q: c, pos: start });
      continue;
    }
    const two = s.slice(i, i + 2);
    if (two === "!=" || two === "<=" || two === ">=" || two === "<>") {
      out.push({ t: "op", v: two === "<>" ? "!=" : two, pos: i });
      i += 2;
      continue;
    }
    if (c === "=" || c === "<" || c === ">") {
      out.push({ t: "op", v: c, pos: i++ });
      continue;
    }
    if (c === "(" || c === ")" || c === "," || c === ".") {
      out.push({ t: "punct", v: c, pos: i++ });
      continue;
    }
    const num = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(s.slice(i));
    if (num && (c === "-" || /\d/.test(c))) {
      out.push({ t: "num", v: Number(num[0]), pos: i });
      i += num[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i));
    if (word) {
      out.push({ t: "word", v: word[0], pos: i });
      i += word[0].length;
      continue;
    }
    throw fail(i, `unexpected character '${c}'`);
  }
  return out;
}

/** Parses a filter; empty or blank → no conditions. Throws PqlError naming the position. */
export function parseMlflowFilter(filter: string | null | undefined): MlflowCondition[] {
  const s = filter ?? "";
  if (!s.trim()) return [];
  if (s.length > MAX_FILTER_LENGTH) throw fail(MAX_FILTER_LENGTH, `the filter is longer than ${MAX_FILTER_LENGTH} characters`);
  const toks = tokenize(s);
  let i = 0;
  const peek = () => toks[i];
  const end = s.length;
  const conds: MlflowCondition[] = [];
  for (;;) {
    conds.push(condition());
    if (conds.length > MAX_FILTER_CONDITIONS) throw fail(peek()?.pos ?? end, `at most ${MAX_FILTER_CONDITIONS} conditions`);
    const t = peek();
    if (!t) break;
    if (t.t === "word" && t.v.toUpperCase() === "AND") {
      i++;
      continue;
    }
    if (t.t === "word" && t.v.toUpperCase() === "OR") throw fail(t.pos, "OR is not supported (MLflow filters join conditions with AND)");
    throw fail(t.pos, "expected AND or the end of the filter");
  }
  return conds;

  function condition(): MlflowCondition {
    const first = toks[i];
    if (!first) throw fail(end, "expected a condition");
    const position = first.pos;
    let type: MlflowCondition["type"] = "attribute";
    let key: string;
    if (first.t === "quoted" && first.q === "`") {
      key = first.v;
      i++;
    } else if (first.t === "word") {
      const parts = [first.v];
      i++;
      // dotted names: tags.k, tag.`k`, attribute.name, tags."k.with.dots"
      while (peek()?.t === "punct" && (peek() as { v: string }).v === ".") {
        i++;
        const n = toks[i];
        if (!n || !(n.t === "word" || n.t === "quoted" || n.t === "num")) throw fail(n?.pos ?? end, "expected a name after '.'");
        parts.push(String(n.v));
        i++;
        if (n.t === "quoted") break;
      }
      const head = parts[0].toLowerCase();
      if ((head === "tags" || head === "tag") && parts.length > 1) {
        type = "tag";
        key = parts.slice(1).join(".");
      } else if ((head === "attribute" || head === "attributes") && parts.length > 1) {
        key = parts.slice(1).join(".");
      } else {
        key = parts.join(".");
      }
    } else {
      throw fail(first.pos, "expected a field name (name, tags.<key>, …)");
    }
    const opTok = toks[i];
    if (!opTok) throw fail(end, `expected a comparison after '${key}'`);
    let op: MlflowOp;
    if (opTok.t === "op") op = opTok.v as MlflowOp;
    else if (opTok.t === "word" && ["LIKE", "ILIKE", "IN"].includes(opTok.v.toUpperCase())) op = opTok.v.toUpperCase() as MlflowOp;
    else if (opTok.t === "word" && opTok.v.toUpperCase() === "NOT" && toks[i + 1]?.t === "word" && (toks[i + 1] as { v: string }).v.toUpperCase() === "IN") {
      op = "NOT IN";
      i++;
    } else throw fail(opTok.pos, `expected =, !=, <, <=, >, >=, LIKE, ILIKE or IN after '${key}'`);
    i++;
    const vt = toks[i];
    if (!vt) throw fail(end, "expected a value");
    let value: MlflowValue;
    if (op === "IN" || op === "NOT IN") {
      if (!(vt.t === "punct" && vt.v === "(")) throw fail(vt.pos, "expected a list such as ('a', 'b')");
      i++;
      const list: string[] = [];
      for (;;) {
        const x = toks[i];
        if (!x || !(x.t === "quoted" && x.q !== "`")) throw fail(x?.pos ?? end, "expected a quoted value in the list");
        list.push(x.v);
        i++;
        const sep = toks[i];
        if (sep?.t === "punct" && sep.v === ",") {
          i++;
          continue;
        }
        if (sep?.t === "punct" && sep.v === ")") {
          i++;
          break;
        }
        throw fail(sep?.pos ?? end, "expected ',' or ')'");
      }
      value = list;
    } else if (vt.t === "quoted" && vt.q !== "`") {
      value = vt.v;
      i++;
    } else if (vt.t === "num") {
      value = vt.v;
      i++;
    } else {
      throw fail(vt.pos, "expected a quoted value ('…') or a number");
    }
    return { type, key, op, value, position };
  }
}
