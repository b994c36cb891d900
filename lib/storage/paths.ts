// Path rules for version files (DESIGN §8). Pure: no I/O. A file path is a name inside a version,
// never a filesystem path — blobs are addressed by sha256 — but clients (CLI pull, browsers) do
// write these names to disk, so every trick that escaped a directory in MLflow is refused here.
import { InvalidError } from "@/lib/registry/errors";

export const MAX_PATH_BYTES = 1024;
export const MAX_SEGMENT_BYTES = 255;

export type PathRule =
  | "required"
  | "too-long"
  | "segment-too-long"
  | "control"
  | "backslash"
  | "absolute"
  | "query-or-fragment"
  | "encoded"
  | "empty-segment"
  | "dot-segment"
  | "dot-dot-segment"
  | "bad-encoding";

export type PathCheck = { ok: true; path: string } | { ok: false; rule: PathRule; message: string };

const bytes = (s: string) => Buffer.byteLength(s, "utf8");
const fail = (rule: PathRule, message: string): PathCheck => ({ ok: false, rule, message });

// C0 controls, DEL and C1 controls: none belongs in a file name, and NUL truncates C strings.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// An escape that decodes to '/', '\', '.' or '%': left in a decoded name, it becomes a separator,
// a dot segment or a second round of decoding somewhere downstream.
const DANGEROUS_ESCAPE = /%(2f|5c|2e|25)/i;

/** Checks a decoded file path; on success the path is already in its one normal form. */
export function checkFilePath(input: unknown): PathCheck {
  if (typeof input !== "string" || input.length === 0) return fail("required", "is required");
  const p = input;
  if (bytes(p) > MAX_PATH_BYTES) return fail("too-long", `must be at most ${MAX_PATH_BYTES} bytes`);
  if (CONTROL.test(p)) return fail("control", "must not contain NUL or control characters");
  if (p.includes("\\")) return fail("backslash", "must not contain backslashes (use '/' between folders)");
  if (p.startsWith("/") || /^[A-Za-z]:/.test(p)) return fail("absolute", "must be relative (no leading '/' or drive letter)");
  if (p.includes("#") || p.includes("?")) return fail("query-or-fragment", "must not contain '#' or '?'");
  if (DANGEROUS_ESCAPE.test(p)) return fail("encoded", "must not contain percent-encoded '/', '\\', '.' or '%'");
  for (const seg of p.split("/")) {
    if (seg === "") return fail("empty-segment", "must not contain empty segments ('//' or a trailing '/')");
    if (seg === ".") return fail("dot-segment", "must not contain '.' segments");
    if (seg === "..") return fail("dot-dot-segment", "must not contain '..' segments");
    if (bytes(seg) > MAX_SEGMENT_BYTES) return fail("segment-too-long", `each segment must be at most ${MAX_SEGMENT_BYTES} bytes`);
  }
  return { ok: true, path: p };
}

/** The normal form of a file path, or InvalidError on field "path" naming the rule it breaks. */
export function normaliseFilePath(input: unknown): string {
  const r = checkFilePath(input);
  if (!r.ok) throw InvalidError.field("path", r.message);
  return r.path;
}

/**
 * Checks the still-encoded path as it arrived on the wire (the part of the URL after `/files/`)
 * and returns it decoded. Frameworks decode route params once; a name smuggled in with `%2f`,
 * `%2e%2e` or `%252e` only shows in the raw form, so both forms must pass.
 */
export function decodeRawFilePath(raw: string): string {
  if (raw.includes("\\")) throw InvalidError.field("path", "must not contain backslashes (use '/' between folders)");
  if (DANGEROUS_ESCAPE.test(raw)) {
    throw InvalidError.field("path", "must not contain percent-encoded '/', '\\', '.' or '%'");
  }
  const segments = raw.split("/").map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw InvalidError.field("path", "is not valid percent-encoded UTF-8");
    }
  });
  return normaliseFilePath(segments.join("/"));
}

/**
 * The raw file path of a request URL: what follows `/files/` after the version segment. `marker`
 * is the encoded prefix up to and including `/files/` (built from the route's own params).
 * Returns null when the URL does not carry the marker (a normalised-away `..` changed the route).
 */
export function rawPathAfter(requestUrl: string, marker: string): string | null {
  // Take the path from the raw string, not from `new URL()`: the URL parser resolves `%2e%2e`.
  const noScheme = requestUrl.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, "");
  const pathOnly = noScheme.split(/[?#]/, 1)[0];
  const i = pathOnly.indexOf(marker);
  if (i < 0) return null;
  return pathOnly.slice(i + marker.length);
}

/** The last segment, for Content-Disposition and downloads. */
export function baseName(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? path : path.slice(i + 1);
}
