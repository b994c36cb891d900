// The content type recorded for an uploaded file: what the client declared when it is a well-formed
// media type, else a guess from the extension. Served files are always attachments with nosniff,
// so the type is information for clients, never a reason to render anything.

const BY_EXTENSION: Record<string, string> = {
  json: "application/json",
  jsonl: "application/x-ndjson",
  yaml: "application/yaml",
  yml: "application/yaml",
  toml: "application/toml",
  txt: "text/plain",
  md: "text/markdown",
  csv: "text/csv",
  tsv: "text/tab-separated-values",
  html: "text/html",
  xml: "application/xml",
  py: "text/x-python",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  svg: "image/svg+xml",
  zip: "application/zip",
  gz: "application/gzip",
  tgz: "application/gzip",
  tar: "application/x-tar",
  zst: "application/zstd",
  parquet: "application/vnd.apache.parquet",
  onnx: "application/octet-stream",
  safetensors: "application/octet-stream",
};

// Types a client sends by default for any body: they say nothing about the file.
const MEANINGLESS = new Set(["application/x-www-form-urlencoded", "multipart/form-data", "application/octet-stream", ""]);

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

export function chooseContentType(declared: string | null | undefined, path: string): string {
  const d = (declared ?? "").split(";")[0].trim().toLowerCase();
  if (!MEANINGLESS.has(d) && MEDIA_TYPE.test(d)) return d;
  const dot = path.lastIndexOf(".");
  const slash = path.lastIndexOf("/");
  const ext = dot > slash + 1 ? path.slice(dot + 1).toLowerCase() : "";
  return BY_EXTENSION[ext] ?? "application/octet-stream";
}
