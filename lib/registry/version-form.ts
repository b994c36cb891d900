// The register/edit form's text fields ⇄ the registry's version input. Metrics and params are typed as
// `key = value` lines (or a JSON object); a malformed field is an InvalidError naming that field.
import "server-only";
import { InvalidError } from "./errors";

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

/** `{"a": 1}` or lines of `key = value` / `key: value` → an object; blank → undefined. */
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
  t.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim() || line.trim().startsWith("#")) return;
    const m = /^\s*([^=:]+?)\s*[=:]\s*(.*?)\s*$/.exec(line);
    if (!m || !m[1]) throw InvalidError.field(field, `line ${i + 1}: expected 'key = value'`);
    out[m[1]] = scalar(m[2]);
  });
  return out;
}

/** Comma- or newline-separated names, trimmed, empty ones dropped. */
export const splitList = (text: string | undefined) => (text ?? "").split(/[,\n]/).map((s) => s.trim()).filter(Boolean);

/** The meta_info the form's fields describe (framework, metrics, params, signature, and any other JSON keys). */
export function metaInfoFromForm(v: VersionFormValues): Record<string, unknown> {
  const other = parseKeyValues(v.meta_other, "meta_other") ?? {};
  const metrics = parseKeyValues(v.metrics, "metrics");
  const params = parseKeyValues(v.params, "params");
  const sig = (v.signature ?? "").trim();
  let signature: unknown;
  if (sig) {
    try {
      signature = sig.startsWith("{") || sig.startsWith("[") ? JSON.parse(sig) : sig;
    } catch {
      throw InvalidError.field("signature", "is not valid JSON; write JSON or plain text");
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

/** Registration input from the form (an empty name lets the registry assign v{n}). */
export function registerInputFromForm(v: VersionFormValues) {
  const name = (v.name ?? "").trim();
  const run = (v.run ?? "").trim();
  return {
    ...(name ? { name } : {}),
    description: v.description ?? "",
    tags: splitList(v.tags),
    meta_info: metaInfoFromForm(v),
    content: (v.content ?? "").trim() ? v.content! : null,
    readme: v.readme ?? "",
    artifacts: splitList(v.artifacts),
    connection: (v.connection ?? "").trim() || null,
    ...(run ? { run } : {}),
  };
}

/** A PATCH from the edit form: every field it shows is replaced. */
export function updateInputFromForm(v: VersionFormValues) {
  const { run: _run, ...rest } = registerInputFromForm(v) as ReturnType<typeof registerInputFromForm> & { run?: string };
  return { ...rest, name: (v.name ?? "").trim() };
}

const lines = (o: unknown) =>
  o && typeof o === "object" && !Array.isArray(o)
    ? Object.entries(o as Record<string, unknown>).map(([k, val]) => `${k} = ${typeof val === "string" ? val : JSON.stringify(val)}`).join("\n")
    : "";

/** The form's fields for an existing version (the edit page's starting values). */
export function formValuesOf(v: {
  name: string; description: string; tags: string[]; metaInfo: Record<string, unknown>; content: string | null; readme: string; artifacts: string[]; connection: string | null;
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
    meta_other: Object.keys(other).length || (framework !== undefined && typeof framework !== "string")
      ? JSON.stringify({ ...other, ...(framework !== undefined && typeof framework !== "string" ? { framework } : {}) }, null, 2)
      : "",
    content: v.content ?? "",
    readme: v.readme,
    artifacts: v.artifacts.join(", "),
    connection: v.connection ?? "",
  };
}

export { META_FIELDS };
