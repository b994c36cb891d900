// `models push` and `models pull`: a version's files to and from a local folder, streamed both ways,
// resumable (files whose sha256 already matches are skipped) and verified (every byte is hashed).
// The commands that call these are thin; this file holds the logic and is tested on its own.
import crypto from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ApiError, type Client } from "./client";
import { CliError } from "./errors";
import type { File } from "./api-types";

export type RemoteFile = File;

export type TransferEvent =
  | { type: "start"; files: number; bytes: number }
  | { type: "skip"; path: string; size: number; reason: "unchanged" }
  | { type: "file"; path: string; size: number }
  | { type: "progress"; path: string; loaded: number; size: number }
  | { type: "done"; path: string; size: number };

export type TransferTarget = {
  client: Client;
  owner: string;
  project: string;
  kind?: "model" | "artifact";
  version: string;
  dir: string;
  onProgress?: (e: TransferEvent) => void;
};

export type TransferResult = { transferred: string[]; skipped: string[]; bytes: number };

const enc = encodeURIComponent;
const versionPath = (t: TransferTarget) => `/api/v1/${enc(t.owner)}/${enc(t.project)}/versions/${t.kind ?? "model"}/${enc(t.version)}`;
const filesPath = (t: TransferTarget) => `${versionPath(t)}/files`;
const fileApiPath = (t: TransferTarget, p: string) => `${filesPath(t)}/${p.split("/").map(enc).join("/")}`;

/** Every file of the version on the server (all pages). */
export async function listRemoteFiles(t: TransferTarget): Promise<RemoteFile[]> {
  const out: RemoteFile[] = [];
  for (let offset = 0; ; ) {
    const page = await t.client.get<{ count: number; results: RemoteFile[] }>(filesPath(t), { limit: 1000, offset });
    out.push(...page.results);
    offset += page.results.length;
    if (!page.results.length || offset >= page.count) return out;
  }
}

/** Regular files under `dir`, as `/`-separated relative paths. Symlinks are not followed. */
export async function listLocalFiles(dir: string): Promise<{ path: string; abs: string; size: number }[]> {
  const out: { path: string; abs: string; size: number }[] = [];
  const walk = async (abs: string, rel: string) => {
    for (const e of await fsp.readdir(abs, { withFileTypes: true })) {
      const childAbs = path.join(abs, e.name);
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(childAbs, childRel);
      else if (e.isFile()) out.push({ path: childRel, abs: childAbs, size: (await fsp.stat(childAbs)).size });
    }
  };
  await walk(path.resolve(dir), "");
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash("sha256");
  await pipeline(fs.createReadStream(file, { highWaterMark: 1 << 20 }), hash);
  return hash.digest("hex");
}

async function* counted(source: AsyncIterable<Buffer>, onChunk: (n: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    onChunk(chunk.length);
    yield chunk;
  }
}

type LocalFile = { path: string; abs: string; size: number; sha256: string };
type UploadAnswer = { path: string; action: "none" | "put" | "app" | "error"; url?: string; status?: number; message?: string };

/** Up to this many files per plan and per commit (the server's limit). */
const BATCH = 1000;

/**
 * Uploads every file of `dir` to the version. A file whose path already holds the same sha256 on
 * the server is skipped, so a push that was interrupted resumes where it stopped. Each body is
 * streamed from disk (never read whole) with its sha256 declared, so the server refuses one that
 * changed while it was being read.
 *
 * The server plans the upload first (POST …/uploads): bytes the model already has are not sent again, and on an
 * S3 store each file goes straight to the bucket with a presigned PUT — the app never carries the bytes — and is
 * recorded by one commit (POST …/uploads/commit) that checks each object's sha256 and size. Files the server
 * wants through the app (a local store, an artifact) are PUT to the file route. A server without the plan
 * (older than the CLI) gets every file through the file route.
 */
export async function pushDir(t: TransferTarget): Promise<TransferResult> {
  const stat = await fsp.stat(t.dir).catch(() => null);
  if (!stat?.isDirectory()) throw new CliError(`${t.dir} is not a folder.`);
  const [local, remote] = await Promise.all([listLocalFiles(t.dir), listRemoteFiles(t)]);
  const remoteSha = new Map(remote.map((f) => [f.path, f.sha256]));
  const result: TransferResult = { transferred: [], skipped: [], bytes: 0 };
  t.onProgress?.({ type: "start", files: local.length, bytes: local.reduce((s, f) => s + f.size, 0) });
  const changed: LocalFile[] = [];
  for (const f of local) {
    const sha256 = await sha256File(f.abs);
    if (remoteSha.get(f.path) === sha256) {
      result.skipped.push(f.path);
      t.onProgress?.({ type: "skip", path: f.path, size: f.size, reason: "unchanged" });
    } else changed.push({ ...f, sha256 });
  }
  for (let i = 0; i < changed.length; i += BATCH) {
    const batch = changed.slice(i, i + BATCH);
    const plan = await planUpload(t, batch);
    const toCommit: LocalFile[] = [];
    for (const [j, f] of batch.entries()) {
      const answer = plan?.[j] ?? { path: f.path, action: "app" };
      if (answer.action === "error") throw new CliError(`${f.path}: ${answer.message ?? "the server refused this file"} (${answer.status ?? 400})`);
      t.onProgress?.({ type: "file", path: f.path, size: f.size });
      if (answer.action === "put" && answer.url) await putDirect(t, f, answer.url);
      else if (answer.action === "app") await putThroughApp(t, f);
      if (answer.action === "app") done(t, result, f);
      else toCommit.push(f);
    }
    if (toCommit.length) {
      await t.client.post(`${versionPath(t)}/uploads/commit`, { files: toCommit.map(declared) });
      for (const f of toCommit) done(t, result, f);
    }
  }
  return result;
}

const declared = (f: LocalFile) => ({ path: f.path, size: f.size, sha256: f.sha256 });

function done(t: TransferTarget, result: TransferResult, f: LocalFile) {
  result.transferred.push(f.path);
  result.bytes += f.size;
  t.onProgress?.({ type: "done", path: f.path, size: f.size });
}

/** The server's plan, in the order of `files`; null from a server that has no plan (every file through the app). */
async function planUpload(t: TransferTarget, files: LocalFile[]): Promise<UploadAnswer[] | null> {
  try {
    const plan = await t.client.post<{ files: UploadAnswer[] }>(`${versionPath(t)}/uploads`, { files: files.map(declared) });
    return plan.files.length === files.length ? plan.files : null;
  } catch (err) {
    // A server older than the plan answers its unknown route so; a missing version or model is a real error.
    if (err instanceof ApiError && ((err.status === 404 && /No such API route/.test(err.message)) || err.status === 405)) return null;
    throw err;
  }
}

function fileBody(t: TransferTarget, f: LocalFile): Readable {
  let loaded = 0;
  return Readable.from(
    counted(fs.createReadStream(f.abs, { highWaterMark: 1 << 20 }), (n) => {
      loaded += n;
      t.onProgress?.({ type: "progress", path: f.path, loaded, size: f.size });
    }),
  );
}

async function putThroughApp(t: TransferTarget, f: LocalFile) {
  await t.client.fetch("PUT", fileApiPath(t, f.path), {
    body: fileBody(t, f),
    headers: { "x-checksum-sha256": f.sha256, "content-length": String(f.size), "content-type": "application/octet-stream" },
  });
}

/** The bytes straight to the bucket: a presigned URL carries its own authorization (no token is sent there). */
async function putDirect(t: TransferTarget, f: LocalFile, url: string) {
  let res: Response;
  try {
    res = await fetch(url, {
      method: "PUT",
      body: (f.size ? fileBody(t, f) : "") as BodyInit,
      headers: { "content-length": String(f.size) },
      ...(f.size ? { duplex: "half" } : {}),
    } as RequestInit);
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new CliError(`${f.path}: could not reach the object store (${cause?.code ?? cause?.message ?? (err as Error).message}).`);
  }
  if (!res.ok) {
    const text = (await res.text().catch(() => "")).slice(0, 300);
    throw new CliError(`${f.path}: the object store refused the upload (${res.status})${text ? `: ${text}` : ""}`);
  }
  await res.body?.cancel().catch(() => {});
}

/** Where a server path lands under `dir`; refuses anything that would land outside it. */
export function localPathFor(dir: string, remotePath: string): string {
  const root = path.resolve(dir);
  const segments = remotePath.split("/");
  if (!remotePath || segments.some((s) => s === "" || s === "." || s === ".." || s.includes("\\") || s.includes("\0"))) {
    throw new CliError(`The server sent an unsafe file path (${JSON.stringify(remotePath)}); refusing to write it.`);
  }
  const target = path.resolve(root, ...segments);
  if (!target.startsWith(root + path.sep)) {
    throw new CliError(`The server sent a file path outside the folder (${JSON.stringify(remotePath)}); refusing to write it.`);
  }
  return target;
}

/**
 * Downloads every file of the version into `dir`. Each file is written to a temporary file beside
 * its destination while being hashed, checked against the sha256 the server lists, and only then
 * renamed into place — a cut connection or a corrupted body never leaves a wrong file under the
 * right name. Files already present with the right sha256 are skipped.
 */
export async function pullDir(t: TransferTarget): Promise<TransferResult> {
  const remote = await listRemoteFiles(t);
  await fsp.mkdir(t.dir, { recursive: true });
  const result: TransferResult = { transferred: [], skipped: [], bytes: 0 };
  t.onProgress?.({ type: "start", files: remote.length, bytes: remote.reduce((s, f) => s + f.size, 0) });
  for (const f of remote) {
    const dest = localPathFor(t.dir, f.path);
    const existing = await fsp.stat(dest).catch(() => null);
    if (existing?.isFile() && existing.size === f.size && (await sha256File(dest)) === f.sha256) {
      result.skipped.push(f.path);
      t.onProgress?.({ type: "skip", path: f.path, size: f.size, reason: "unchanged" });
      continue;
    }
    t.onProgress?.({ type: "file", path: f.path, size: f.size });
    await fsp.mkdir(path.dirname(dest), { recursive: true });
    const tmp = path.join(path.dirname(dest), `.${path.basename(dest)}.modelreg-${crypto.randomBytes(6).toString("hex")}.part`);
    try {
      // On S3 the server answers a redirect to the bucket (fetch follows it, without the token): the bytes skip the app.
      const res = await t.client.fetch("GET", fileApiPath(t, f.path), { headers: { accept: "*/*" }, query: { redirect: 1 } });
      if (!res.body) throw new CliError(`The server sent no body for ${f.path}.`);
      const hash = crypto.createHash("sha256");
      let loaded = 0;
      const source = Readable.fromWeb(res.body as import("node:stream/web").ReadableStream<Uint8Array>);
      await pipeline(
        counted(source, (n) => {
          loaded += n;
          t.onProgress?.({ type: "progress", path: f.path, loaded, size: f.size });
        }),
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const c of chunks) {
            hash.update(c);
            yield c;
          }
        },
        fs.createWriteStream(tmp, { flags: "wx", highWaterMark: 1 << 20 }),
      );
      const got = hash.digest("hex");
      if (got !== f.sha256) {
        throw new CliError(`${f.path}: downloaded bytes have sha256 ${got}, the server lists ${f.sha256}; nothing was written.`);
      }
      await fsp.rename(tmp, dest);
    } catch (err) {
      await fsp.rm(tmp, { force: true });
      throw err;
    }
    result.transferred.push(f.path);
    result.bytes += f.size;
    t.onProgress?.({ type: "done", path: f.path, size: f.size });
  }
  return result;
}
