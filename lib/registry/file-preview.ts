// A look at one file of a version without downloading it: text, JSON, YAML, Markdown (sanitised), CSV (the
// first rows as a table), images (the browser loads the download URL), and for model files what their header
// says (model-headers.ts; ONNX's graph: onnx-header.ts). Every preview is a bounded range read of the stored
// blob: a text preview reads at most TEXT_PREVIEW_BYTES, a model file only its header — never the whole file.
import "server-only";
import type { Readable } from "node:stream";
import { parse as parseCsv } from "csv-parse/sync";
import type { DB } from "@/db";
import { renderMarkdown } from "@/lib/markdown";
import { getBlobStore, type BlobStore } from "@/lib/storage";
import type { Actor } from "./actor";
import { getFile, type FileInfo, type VersionRef } from "./files";
import { HeaderError, readGgufHeader, readSafetensorsHeader, type GgufHeader, type SafetensorsHeader } from "./model-headers";
import { readOnnxHeader, type OnnxHeader } from "./onnx-header";

export const TEXT_PREVIEW_BYTES = 256 * 1024;
export const IMAGE_PREVIEW_MAX_BYTES = 20 * 1024 * 1024;
const CSV_ROWS = 50;

export type FilePreview =
  | { kind: "text"; lang: "json" | "yaml" | "markdown" | "text"; text: string; html?: string; truncated: boolean }
  | { kind: "csv"; columns: string[]; rows: string[][]; truncated: boolean }
  | { kind: "image" }
  | { kind: "safetensors"; header: SafetensorsHeader }
  | { kind: "gguf"; header: GgufHeader }
  | { kind: "onnx"; header: OnnxHeader }
  | { kind: "none"; reason: string };

const ext = (path: string) => path.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? "";
const TEXT_EXT = new Set([
  "txt",
  "log",
  "py",
  "toml",
  "cfg",
  "ini",
  "sh",
  "js",
  "ts",
  "xml",
  "html",
  "tsv",
  "jsonl",
  "ndjson",
  "env",
  "properties",
  "gitattributes",
  "gitignore",
  "license",
  "rst",
  "tex",
  "r",
  "sql",
  "proto",
]);
const IMAGE_EXT = new Set(["png", "jpg", "jpeg", "gif", "webp", "avif", "bmp", "svg", "ico"]);

async function readAll(stream: Readable, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const chunk of stream) {
    const b = Buffer.from(chunk as Uint8Array);
    chunks.push(b);
    n += b.length;
    if (n >= max) {
      stream.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, max);
}

/** A range reader over a stored blob (inclusive ends), for the header parsers. */
export function blobRangeReader(store: BlobStore, sha256: string) {
  return async (start: number, end: number) => readAll(await store.get(sha256, { start, end }), end - start + 1);
}

function looksBinary(b: Buffer): boolean {
  return b.subarray(0, 8192).includes(0);
}

export function previewKindOf(
  file: Pick<FileInfo, "path" | "contentType">,
): "safetensors" | "gguf" | "onnx" | "image" | "csv" | "json" | "yaml" | "markdown" | "text" | null {
  const e = ext(file.path);
  const ct = file.contentType.toLowerCase();
  if (e === "safetensors") return "safetensors";
  if (e === "gguf") return "gguf";
  if (e === "onnx") return "onnx";
  if (IMAGE_EXT.has(e) || ct.startsWith("image/")) return "image";
  if (e === "csv" || ct === "text/csv") return "csv";
  if (e === "json" || ct === "application/json") return "json";
  if (e === "yaml" || e === "yml" || ct.includes("yaml")) return "yaml";
  if (e === "md" || e === "markdown" || ct === "text/markdown") return "markdown";
  if (TEXT_EXT.has(e) || ct.startsWith("text/") || /(^|\/)(readme|license|notice|makefile|dockerfile)$/i.test(file.path)) return "text";
  return null;
}

/** The preview of `input.path` for a reader of the version (getFile's permission check and 404s). */
export async function previewFile(
  db: DB,
  actor: Actor,
  input: VersionRef & { path: string },
  store: BlobStore = getBlobStore(),
): Promise<{ file: FileInfo; preview: FilePreview }> {
  const file = await getFile(db, actor, input);
  return { file, preview: await previewOf(file, store) };
}

export async function previewOf(file: FileInfo, store: BlobStore): Promise<FilePreview> {
  const kind = previewKindOf(file);
  if (!kind) return { kind: "none", reason: "No preview for this file type." };
  if (file.size === 0) return { kind: "none", reason: "The file is empty." };
  const read = blobRangeReader(store, file.sha256);
  try {
    if (kind === "safetensors") return { kind, header: await readSafetensorsHeader(read, file.size) };
    if (kind === "gguf") return { kind, header: await readGgufHeader(read, file.size) };
    if (kind === "onnx") return { kind, header: await readOnnxHeader(read, file.size) };
  } catch (err) {
    if (err instanceof HeaderError) return { kind: "none", reason: `The ${kind === "onnx" ? "ONNX" : kind} header could not be read: ${err.message}.` };
    throw err;
  }
  if (kind === "image") {
    return file.size <= IMAGE_PREVIEW_MAX_BYTES ? { kind } : { kind: "none", reason: "The image is too large to preview; download it." };
  }
  const truncated = file.size > TEXT_PREVIEW_BYTES;
  const bytes = await read(0, Math.min(file.size, TEXT_PREVIEW_BYTES) - 1);
  if (looksBinary(bytes)) return { kind: "none", reason: "The file holds binary data." };
  // A cut may fall inside a multi-byte character or a line: end at the last whole line.
  let text = bytes.toString("utf8");
  if (truncated) text = text.slice(0, Math.max(0, text.lastIndexOf("\n")));
  if (kind === "csv") {
    try {
      const rows = parseCsv(text, { relax_column_count: true, skip_empty_lines: true, to_line: CSV_ROWS + 1 }) as string[][];
      if (rows.length) return { kind, columns: rows[0], rows: rows.slice(1, CSV_ROWS + 1), truncated: truncated || text.split("\n").length > CSV_ROWS + 1 };
    } catch {
      // Not well-formed CSV: show it as text.
    }
    return { kind: "text", lang: "text", text, truncated };
  }
  if (kind === "json" && !truncated) {
    try {
      return { kind: "text", lang: "json", text: JSON.stringify(JSON.parse(text), null, 2), truncated };
    } catch {
      return { kind: "text", lang: "text", text, truncated };
    }
  }
  if (kind === "markdown") return { kind: "text", lang: "markdown", text, html: renderMarkdown(text), truncated };
  return { kind: "text", lang: kind === "json" ? "json" : kind === "yaml" ? "yaml" : "text", text, truncated };
}
