// HTTP details of serving and receiving files: the file path of a request, byte ranges, ETags,
// Content-Disposition, declared checksums and sizes. Pure functions; the route handlers use them.
import { InvalidError } from "@/lib/registry/errors";
import { baseName, decodeRawFilePath, normaliseFilePath, rawPathAfter } from "./paths";

export type FileRouteParams = { owner: string; project: string; kind: string; name: string; path: string[] };

/**
 * The file path of a request to `…/versions/{kind}/{name}/files/{path…}`. Next hands the route the
 * path segments decoded once; the raw URL is checked too, so `%2f`, `%2e%2e` and `%252e` smuggling
 * is refused even where one round of decoding makes it look harmless. Both must agree.
 */
export function filePathFromRequest(req: Request, params: Pick<FileRouteParams, "kind" | "name" | "path">): string {
  const segments = Array.isArray(params.path) ? params.path : [String(params.path ?? "")];
  const fromParams = normaliseFilePath(segments.join("/"));
  const marker = `/versions/${encodeURIComponent(params.kind)}/${encodeURIComponent(params.name)}/files/`;
  const raw = rawPathAfter(req.url, marker);
  if (raw === null) throw InvalidError.field("path", "must be a normalised relative path");
  const fromUrl = decodeRawFilePath(raw);
  if (fromUrl !== fromParams && raw !== fromParams) {
    throw InvalidError.field("path", "must be a normalised relative path (the URL does not match its route)");
  }
  return fromUrl;
}

export type RangeResult = { kind: "full" } | { kind: "partial"; start: number; end: number } | { kind: "unsatisfiable" };

/**
 * One `Range: bytes=…` against a body of `size` bytes (RFC 9110 §14). Several ranges, other units
 * or a malformed header are ignored (a full 200 answer is always allowed); a well-formed range
 * that lies wholly outside the body is unsatisfiable (416).
 */
export function parseRange(header: string | null, size: number): RangeResult {
  if (!header) return { kind: "full" };
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m || (m[1] === "" && m[2] === "")) return { kind: "full" };
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0) return { kind: "unsatisfiable" };
    if (size === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (!Number.isSafeInteger(start) || start >= size) return { kind: "unsatisfiable" };
  if (end < start) return { kind: "full" }; // `bytes=5-2` is invalid syntax: ignore it
  return { kind: "partial", start, end };
}

export const etagOf = (sha256: string) => `"${sha256}"`;

/** If-None-Match: `*`, or any listed tag equal to ours (weak comparison, as RFC 9110 asks for GET). */
export function etagMatches(header: string | null, sha256: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((t) => t.trim().replace(/^W\//, "") === etagOf(sha256));
}

/** If-Range carrying our ETag (strong comparison); a date or another tag means "send it all". */
export function ifRangeAllows(header: string | null, sha256: string): boolean {
  return header === null || header.trim() === etagOf(sha256);
}

/** Always `attachment`: user content is downloaded, never rendered on our origin. */
export function contentDisposition(path: string): string {
  const name = baseName(path);
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/** Headers that keep a served file inert in a browser, whatever its type claims. */
export const SAFE_FILE_HEADERS: Record<string, string> = {
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; sandbox",
  "cross-origin-resource-policy": "same-origin",
  // The bytes at a path can be replaced: revalidate with the ETag rather than trust a cached copy.
  // no-transform: never compressed on the way, so the bytes, their length and the ETag agree.
  "cache-control": "private, no-cache, no-transform",
};

/** The declared checksum: 64 hex digits, or the 32 bytes in base64 (as S3's x-amz-checksum-sha256). */
export function parseDeclaredSha256(header: string | null | undefined): string | undefined {
  if (header === null || header === undefined || header.trim() === "") return undefined;
  const v = header.trim();
  if (/^[0-9a-fA-F]{64}$/.test(v)) return v.toLowerCase();
  if (/^[A-Za-z0-9+/]{43}=$/.test(v)) return Buffer.from(v, "base64").toString("hex");
  throw InvalidError.field("sha256", "x-checksum-sha256 must be 64 hexadecimal digits (or base64 of 32 bytes)");
}

/** Content-Length, when sent: a whole number of bytes. */
export function parseContentLength(header: string | null): number | undefined {
  if (header === null || header === "") return undefined;
  if (!/^\d+$/.test(header.trim())) throw InvalidError.field("content-length", "must be a whole number of bytes");
  const n = Number(header.trim());
  if (!Number.isSafeInteger(n)) throw InvalidError.field("content-length", "is too large");
  return n;
}

const UNITS: Record<string, number> = { "": 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12, ki: 2 ** 10, mi: 2 ** 20, gi: 2 ** 30, ti: 2 ** 40 };

/** `5368709120`, `5GiB`, `500MB`, `2g` → bytes; undefined or unparsable → the fallback. */
export function parseByteSize(value: string | undefined, fallback: number): number {
  if (!value?.trim()) return fallback;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]i?)?b?\s*$/i.exec(value);
  if (!m) return fallback;
  return Math.floor(Number(m[1]) * UNITS[(m[2] ?? "").toLowerCase()]);
}

export { formatBytes } from "./format";
