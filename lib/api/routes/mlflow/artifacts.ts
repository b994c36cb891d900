// The /api/2.0/mlflow-artifacts/artifacts proxy for a version's files: `modelreg/OWNER/MODEL/VERSION/<path>`, the
// artifact URI that model-versions/get-download-uri gives (render.ts artifactUriOf). List, download, upload go
// through the registry's file functions (permissions, protected-stage locks, checksums, limits) unchanged.
import "server-only";
import { getFile, listFilesUnder, uploadFile } from "@/lib/registry/files";
import { countDownload } from "@/lib/registry/downloads";
import { NotFoundError } from "@/lib/registry/errors";
import { getRun, isUuid } from "@/lib/registry/runs";
import { getBlobStore, type BlobSource } from "@/lib/storage";
import { SAFE_FILE_HEADERS, contentDisposition, etagOf, parseContentLength } from "@/lib/storage/http";
import { installContentLengthPassThrough, lengthHeaders } from "@/lib/storage/content-length";
import { decodeRawFilePath, normaliseFilePath, rawPathAfter } from "@/lib/storage/paths";
import { readableToWeb } from "@/lib/storage/web-stream";
import { mlflow } from "./handler";

installContentLengthPassThrough();

const ROOT = "modelreg";
const RUNS_ROOT = "modelreg-runs";
const LIST_CAP = 10_000;

type Target = { owner: string; project: string; kind: "model"; version: string; path: string };

function outside(path: string): NotFoundError {
  return new NotFoundError(`No artifacts at '${path}': this server holds model versions' files under ${ROOT}/OWNER/MODEL/VERSION/…`);
}

/** `modelreg/OWNER/MODEL/VERSION[/path]` (already decoded, normalised) → the version and the path in it. */
function targetOf(full: string): Target {
  const segs = full.split("/").filter(Boolean);
  if (segs[0] !== ROOT || segs.length < 4) throw outside(full);
  const [, owner, project, version, ...rest] = segs;
  return { owner, project, kind: "model", version, path: rest.join("/") };
}

/**
 * A run's artifact folder (`modelreg-runs/OWNER/PROJECT/RUN/artifacts[/dir]`, the artifact_uri of runs/get): the
 * artifacts the run recorded (names, not files: a Modelreg run holds no bytes). What register_model("runs:/<run>/model")
 * lists to decide that the run has a `model`, so the version is registered from the run and linked to it.
 */
async function listRun(db: Parameters<typeof getRun>[0], actor: Parameters<typeof getRun>[1], segs: string[]) {
  const [, owner, project, uuid, artifactsDir, ...rest] = segs;
  if (!owner || !project || !uuid || artifactsDir !== "artifacts") throw outside(segs.join("/"));
  if (!isUuid(uuid)) throw outside(segs.join("/"));
  const { run } = await getRun(db, actor, owner, project, uuid.toLowerCase());
  const dir = rest.join("/");
  const out: { path: string; is_dir: boolean }[] = [];
  for (const a of run.artifacts ?? []) {
    const n = String(a.name ?? "");
    if (!dir) out.push({ path: n, is_dir: false });
    else if (n === dir) out.push({ path: n.split("/").pop() ?? n, is_dir: false });
    else if (n.startsWith(`${dir}/`)) out.push({ path: n.slice(dir.length + 1), is_dir: false });
  }
  return out.length ? { files: out } : {};
}

/** GET …/artifacts?path=modelreg/o/m/v3[/dir]: the folder's direct children, `{files: [{path, is_dir, file_size}]}`. */
export const list = mlflow(async ({ db, actor, fields }) => {
  const raw = typeof fields.path === "string" ? fields.path : "";
  const full = raw ? normaliseFilePath(raw) : "";
  if (!full) return { files: [] };
  if (full.split("/")[0] === RUNS_ROOT) return listRun(db, actor, full.split("/"));
  const t = targetOf(full);
  const under = await listFilesUnder(db, actor, { ...t, dir: t.path, limit: LIST_CAP });
  const base = t.path ? `${t.path}/` : "";
  const dirs = new Set<string>();
  const out: { path: string; is_dir: boolean; file_size?: number }[] = [];
  for (const f of under) {
    const rel = f.path.slice(base.length);
    const slash = rel.indexOf("/");
    if (slash < 0) out.push({ path: rel, is_dir: false, file_size: f.size });
    else dirs.add(rel.slice(0, slash));
  }
  for (const d of dirs) out.push({ path: d, is_dir: true });
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // Paths relative to the folder listed (what MLflow's server answers); an empty folder is `{}`.
  return out.length ? { files: out } : {};
});

const MARKER = "/mlflow-artifacts/artifacts/";

/** The file path of a download or upload, from the raw URL (so `%2f` / `%2e%2e` smuggling is refused). */
function fileTarget(req: Request): Target {
  const raw = rawPathAfter(req.url, MARKER);
  if (raw === null) throw outside("");
  const t = targetOf(decodeRawFilePath(raw));
  if (!t.path) throw outside(`${ROOT}/${t.owner}/${t.project}/${t.version}`);
  return t;
}

export const download = mlflow(async ({ db, actor, req }) => {
  const t = fileTarget(req);
  const file = await getFile(db, actor, t);
  const headers: Record<string, string> = {
    ...SAFE_FILE_HEADERS,
    etag: etagOf(file.sha256),
    "content-type": file.contentType,
    "content-disposition": contentDisposition(file.path),
    ...lengthHeaders(file.size),
  };
  if (req.method === "HEAD") return new Response(null, { status: 200, headers });
  const body = file.size === 0 ? null : readableToWeb(await getBlobStore().get(file.sha256));
  return countDownload(db, file, req, new Response(body, { status: 200, headers }));
});

async function* emptyBody(): BlobSource {}

/** PUT …/artifacts/modelreg/o/m/v3/<path>: the registry's streamed upload; MLflow expects `{}`. */
export const upload = mlflow(
  async ({ db, actor, req }) => {
    const t = fileTarget(req);
    await uploadFile(db, actor, {
      ...t,
      body: req.body ?? emptyBody(),
      contentLength: parseContentLength(req.headers.get("content-length")),
      contentType: req.headers.get("content-type"),
    });
    return {};
  },
  { rawBody: true },
);
