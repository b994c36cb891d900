// fast-check generators of PQL queries for the property tests (compile.test.ts, pql.db.test.ts).
import fc from "fast-check";
import { testSpec as spec } from "./test-spec";

// Queries built from the grammar with distinctive user text: values start "qv", path segments "qp".
export const marker = (p: string) => fc.stringMatching(/^[a-z0-9]{2,6}$/).map((s) => `${p}${s}`);
const token = fc.oneof(
  marker("qv"),
  fc.constantFrom("1", "-2.5", "0.9", "2024-01-01", "2026-01-01T10:00Z", "true", "0", "nil", "production", "3e2"),
  fc.constant("6f1c2b3a-1d2e-4f50-8a9b-0c1d2e3f4a5b"),
);
const fieldName = fc.oneof(
  fc.constantFrom(...Object.keys(spec.fields)),
  fc.array(marker("qp"), { minLength: 1, maxLength: 3 }).map((p) => `meta.${p.join(".")}`),
);
const value = fc
  .tuple(token, fc.boolean(), fc.boolean(), fc.boolean())
  .map(([t, pre, suf, quote]) => `${pre ? "%" : ""}${quote ? `"${t}"` : t}${suf ? "%" : ""}`);
const operandText = fc.oneof(
  fc.array(value, { minLength: 1, maxLength: 3 }).map((vs) => vs.join("|")),
  fc.tuple(fc.constantFrom(">", ">=", "<", "<="), value).map(([o, v]) => `${o}${v}`),
  fc.tuple(value, value).map(([a, b]) => `${a} .. ${b}`),
  fc.constant("nil"),
);
const condition = fc.tuple(fieldName, fc.boolean(), operandText).map(([f, neg, o]) => `${f}:${neg ? "~" : ""}${o}`);
export const queryArb = fc.array(condition, { minLength: 1, maxLength: 4 }).map((cs) => cs.join(", "));

// Conditions valid for their field's type, so the properties also cover many queries that compile.
const num = fc.integer({ min: -1000, max: 1000 }).map(String);
const day = fc.date({ min: new Date("2000-01-01"), max: new Date("2030-12-31"), noInvalidDate: true });
const search = marker("qv").chain((v) => fc.constantFrom(v, `%${v}%`, `${v}%`, `%${v}`, `"${v}"`));
const cmp = (v: fc.Arbitrary<string>) => fc.tuple(fc.constantFrom(">", ">=", "<", "<="), v).map(([o, x]) => `${o}${x}`);
const list = (v: fc.Arbitrary<string>) => fc.array(v, { minLength: 1, maxLength: 3 }).map((xs) => xs.join("|"));
const typed: fc.Arbitrary<string>[] = [
  fc.tuple(fc.constantFrom("name", "description"), fc.oneof(list(search), fc.constant("nil"))).map(([f, o]) => `${f}:${o}`),
  list(fc.constantFrom("testing", "staging", "production", "disabled")).map((o) => `stage:${o}`),
  list(marker("qv")).map((o) => `tags:${o}`),
  fc
    .oneof(
      list(num),
      cmp(num),
      fc.tuple(num, num).map(([a, b]) => `${Math.min(+a, +b)}..${Math.max(+a, +b)}`),
    )
    .map((o) => `name_number:${o}`),
  fc
    .oneof(
      cmp(day.map((d) => d.toISOString().slice(0, 10))),
      fc.tuple(day, day).map(([a, b]) => (a <= b ? [a, b] : [b, a]).map((d) => d.toISOString().slice(0, 16)).join(" .. ")),
    )
    .map((o) => `created_at:${o}`),
  fc.constantFrom("true", "false", "1", "0").map((o) => `has_content:${o}`),
  fc
    .tuple(fc.array(marker("qp"), { minLength: 1, maxLength: 3 }), fc.oneof(cmp(num), list(search), fc.constant("nil")))
    .map(([p, o]) => `meta.${p.join(".")}:${o}`),
];
export const typedQueryArb = fc
  .array(fc.tuple(fc.boolean(), fc.oneof(...typed)), { minLength: 1, maxLength: 4 })
  .map((cs) => cs.map(([neg, c]) => (neg ? c.replace(":", ":~") : c)).join(", "));

/** Random edits of a query: insert/replace/delete characters, biased to PQL's own punctuation. */
export const mutatedQueryArb = fc
  .tuple(
    fc.oneof(queryArb, typedQueryArb),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom("ins", "del", "rep"), fc.constantFrom(..."~:,|\"%.<>=- \\x9_'".split(""))), { minLength: 1, maxLength: 4 }),
  )
  .map(([q, edits]) => {
    let s = q;
    for (const [at, kind, ch] of edits) {
      const i = s.length ? at % s.length : 0;
      s = kind === "ins" ? s.slice(0, i) + ch + s.slice(i) : kind === "del" ? s.slice(0, i) + s.slice(i + 1) : s.slice(0, i) + ch + s.slice(i + 1);
    }
    return s;
  });
