// The register/edit form's text fields ⇄ the registry's version input. Metrics and params are typed as
// `key = value` lines (or a JSON object); metrics are numbers. One InvalidError names every bad field at
// once, the registry's own rules (name, tags …) included, so a submit shows all of them together.
import "server-only";
import type { z } from "zod";
import { InvalidError, type FieldErrors } from "./errors";
import { registerSchema, updateSchema } from "./versions";

export type VersionFormValues = Record<string, string | undefined>;

const META_FIELDS = ["framework", "metrics", "params", "signature", "meta_other"] as const;

function scalar(raw: string): unknown {
  const v = raw.trim();
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(v) && Number.isFinite(Number(v))) return Number(v);
  if (v === "true" || v === "false") return v === "true";
  if (v === "null") return null;
  const quoted = /^"(.*)"$/.exec(v) ?? /^'(.*)'$/.exec(v);
  return quoted ? quoted[1] : v;
}

/** `{"a": 1}` or lines of `key = value` / `key: value` → an object; blank → undefined. Every bad line is named at once. */
export function parseKeyValues(text: string | undefined, field: string): Record<string, unknown> | undefined {
  const t = (text ?? "").trim();
  if (!t) return undefined;
  if (t.startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(t);
    } catch {
      throw InvalidError.field(field, "is not valid JSON; write a JSON object or one 'key = value' per line");
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw InvalidError.field(field, "must be a JSON object");
    return parsed as Record<string, unknown>;
  }
  const out: Record<string, unknown> = {};
  const bad: number[] = [];
  t.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim() || line.trim().startsWith("#")) return;
    const m = /^\s*([^=:]+?)\s*[=:]\s*(.*?)\s*$/.exec(line);
    if (!m?.[1]) bad.push(i + 1);
    else out[m[1]] = scalar(m[2]);
  });
  if (bad.length) throw InvalidError.field(field, `${bad.length === 1 ? "line" : "lines"} ${bad.join(", ")}: expected 'key = value'`);
  return out;
}

/** Comma- or newline-separated names, trimmed, empty ones dropped. */
export const splitList = (text: string | undefined) =>
  (text ?? "")
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** The metric keys whose values are not numbers (nested objects are walked: `{"val": {"auc": 0.9}}` is fine). */
function nonNumericMetrics(o: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(o).flatMap(([k, val]) => {
    if (typeof val === "number" && Number.isFinite(val)) return [];
    if (val && typeof val === "object" && !Array.isArray(val)) return nonNumericMetrics(val as Record<string, unknown>, `${prefix}${k}.`);
    return [`${prefix}${k}`];
  });
}

/** Parses the metrics field: numbers only (they are table columns and range queries); text belongs in params. */
export function parseMetrics(text: string | undefined): Record<string, unknown> | undefined {
  const metrics = parseKeyValues(text, "metrics");
  if (!metrics) return undefined;
  const bad = nonNumericMetrics(metrics);
  if (bad.length) {
    throw InvalidError.field(
      "metrics",
      `${bad.map((k) => `'${k}'`).join(", ")} ${bad.length === 1 ? "is not a number" : "are not numbers"}: metrics are numbers (put text in params)`,
    );
  }
  return metrics;
}

/** Collects the InvalidErrors of several independent parses, so one submit reports every field. */
class FieldCollector {
  readonly errors: FieldErrors = {};
  run<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (err) {
      if (!(err instanceof InvalidError)) throw err;
      this.add(err.fieldErrors);
      return undefined;
    }
  }
  add(fe: FieldErrors) {
    for (const [k, msgs] of Object.entries(fe)) (this.errors[k] ??= []).push(...msgs);
  }
  throwIfAny() {
    const entries = Object.entries(this.errors);
    if (!entries.length) return;
    throw new InvalidError(entries.map(([f, m]) => (f === "_" ? m[0] : `${f}: ${m[0]}`)).join("; "), this.errors);
  }
}

function metaInfoCollected(v: VersionFormValues, c: FieldCollector): Record<string, unknown> {
  const other = c.run(() => parseKeyValues(v.meta_other, "meta_other")) ?? {};
  const metrics = c.run(() => parseMetrics(v.metrics));
  const params = c.run(() => parseKeyValues(v.params, "params"));
  const sig = (v.signature ?? "").trim();
  let signature: unknown;
  if (sig) {
    try {
      signature = sig.startsWith("{") || sig.startsWith("[") ? JSON.parse(sig) : sig;
    } catch {
      c.add({ signature: ["is not valid JSON; write JSON or plain text"] });
    }
  }
  const framework = (v.framework ?? "").trim();
  return {
    ...other,
    ...(framework ? { framework } : {}),
    ...(metrics ? { metrics } : {}),
    ...(params ? { params } : {}),
    ...(signature !== undefined ? { signature } : {}),
  };
}

/** The meta_info the form's fields describe (framework, metrics, params, signature, and any other JSON keys). */
export function metaInfoFromForm(v: VersionFormValues): Record<string, unknown> {
  const c = new FieldCollector();
  const meta = metaInfoCollected(v, c);
  c.throwIfAny();
  return meta;
}

function buildInput(v: VersionFormValues, c: FieldCollector) {
  const name = (v.name ?? "").trim();
  const run = (v.run ?? "").trim();
  return {
    ...(name ? { name } : {}),
    description: v.description ?? "",
    tags: splitList(v.tags),
    meta_info: metaInfoCollected(v, c),
    content: (v.content ?? "").trim() ? v.content! : null,
    readme: v.readme ?? "",
    artifacts: splitList(v.artifacts),
    connection: (v.connection ?? "").trim() || null,
    ...(run ? { run } : {}),
  };
}

/** The registry's own rules (name, tags, sizes …) in the same pass, so they are reported with the form's. */
function checkAgainst(schema: z.ZodType, input: unknown, c: FieldCollector) {
  const r = schema.safeParse(input);
  if (!r.success) c.add(InvalidError.fromZod(r.error).fieldErrors);
}

/** Registration input from the form (an empty name lets the registry assign v{n}); every mistake at once. */
export function registerInputFromForm(v: VersionFormValues) {
  const c = new FieldCollector();
  const input = buildInput(v, c);
  checkAgainst(registerSchema, input, c);
  c.throwIfAny();
  return input;
}

/** A PATCH from the edit form: every field it shows is replaced; every mistake at once. */
export function updateInputFromForm(v: VersionFormValues) {
  const c = new FieldCollector();
  const { run: _run, ...rest } = buildInput(v, c) as ReturnType<typeof buildInput> & { run?: string };
  const input = { ...rest, name: (v.name ?? "").trim() };
  checkAgainst(updateSchema, input, c);
  c.throwIfAny();
  return input;
}

const lines = (o: unknown) =>
  o && typeof o === "object" && !Array.isArray(o)
    ? Object.entries(o as Record<string, unknown>)
        .map(([k, val]) => `${k} = ${typeof val === "string" ? val : JSON.stringify(val)}`)
        .join("\n")
    : "";

/** The form's fields for an existing version (the edit page's starting values). */
export function formValuesOf(v: {
  name: string;
  description: string;
  tags: string[];
  metaInfo: Record<string, unknown>;
  content: string | null;
  readme: string;
  artifacts: string[];
  connection: string | null;
}): Record<string, string> {
  const { framework, metrics, params, signature, ...other } = v.metaInfo ?? {};
  const nested = (o: unknown) => o && typeof o === "object" && !Array.isArray(o) && Object.values(o).some((x) => x !== null && typeof x === "object");
  return {
    name: v.name,
    description: v.description,
    tags: v.tags.join(", "),
    framework: typeof framework === "string" ? framework : "",
    // Nested values don't survive `key = value` lines: keep those as JSON.
    metrics: nested(metrics) ? JSON.stringify(metrics, null, 2) : lines(metrics),
    params: nested(params) ? JSON.stringify(params, null, 2) : lines(params),
    signature: signature === undefined ? "" : typeof signature === "string" ? signature : JSON.stringify(signature, null, 2),
    meta_other:
      Object.keys(other).length || (framework !== undefined && typeof framework !== "string")
        ? JSON.stringify({ ...other, ...(framework !== undefined && typeof framework !== "string" ? { framework } : {}) }, null, 2)
        : "",
    content: v.content ?? "",
    readme: v.readme,
    artifacts: v.artifacts.join(", "),
    connection: v.connection ?? "",
  };
}

export { META_FIELDS };
