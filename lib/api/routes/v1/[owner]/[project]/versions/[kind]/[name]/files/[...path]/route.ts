// One file of a version: PUT streams an upload into the blob store, GET/HEAD stream it back
// (ETag = "sha256", ranges, 304), DELETE removes it. The registry decides who may do what.
import { api } from "@/lib/api/handler";
import { deleteFile, directDownloadUrl, getFile, uploadFile, type FileInfo } from "@/lib/registry/files";
import { countDownload } from "@/lib/registry/downloads";
import { getBlobStore, type BlobSource } from "@/lib/storage";
import {
  SAFE_FILE_HEADERS,
  contentDisposition,
  etagMatches,
  etagOf,
  filePathFromRequest,
  ifRangeAllows,
  parseContentLength,
  parseDeclaredSha256,
  parseRange,
  type FileRouteParams,
} from "@/lib/storage/http";
import { installContentLengthPassThrough, lengthHeaders } from "@/lib/storage/content-length";
import { readableToWeb } from "@/lib/storage/web-stream";
import { fileJson } from "../file-json";

installContentLengthPassThrough();

const ref = (p: FileRouteParams) => ({ owner: p.owner, project: p.project, kind: p.kind, version: p.name });

async function* emptyBody(): BlobSource {}

export const PUT = api<FileRouteParams>(async ({ req, db, actor, params }) => {
  const path = filePathFromRequest(req, params);
  const result = await uploadFile(db, actor, {
    ...ref(params),
    path,
    body: req.body ?? emptyBody(),
    contentLength: parseContentLength(req.headers.get("content-length")),
    contentType: req.headers.get("content-type"),
    sha256: parseDeclaredSha256(req.headers.get("x-checksum-sha256")),
  });
  return Response.json({ ...fileJson(result), replaced: result.replaced }, { status: result.replaced ? 200 : 201, headers: { etag: etagOf(result.sha256) } });
});

export const GET = api<FileRouteParams>(async ({ req, db, actor, params }) => {
  const path = filePathFromRequest(req, params);
  const file = await getFile(db, actor, { ...ref(params), path });
  return countDownload(db, file, req, (await redirected(req, file)) ?? (await download(req, file, true)));
});

/**
 * `?redirect=1` (the CLI's pull): on a store with presigned GETs (S3), a whole-file download is a 302 to a
 * short-lived URL of the blob, so the bytes never pass through the app. Opt-in, so that a plain GET keeps its
 * documented headers (ETag = the sha256, ranges) whatever the store; the client verifies the sha256 itself.
 */
async function redirected(req: Request, file: FileInfo): Promise<Response | null> {
  if (new URL(req.url).searchParams.get("redirect") !== "1" || req.headers.get("range")) return null;
  if (etagMatches(req.headers.get("if-none-match"), file.sha256)) return null;
  const direct = await directDownloadUrl(file);
  if (!direct) return null;
  // The URL expires: never cache the redirect itself.
  return new Response(null, { status: 302, headers: { location: direct, etag: etagOf(file.sha256), "cache-control": "private, no-store" } });
}

export const HEAD = api<FileRouteParams>(async ({ req, db, actor, params }) => {
  const path = filePathFromRequest(req, params);
  return download(req, await getFile(db, actor, { ...ref(params), path }), false);
});

export const DELETE = api<FileRouteParams>(async ({ req, db, actor, params }) => {
  const path = filePathFromRequest(req, params);
  await deleteFile(db, actor, { ...ref(params), path });
});

async function download(req: Request, file: FileInfo, withBody: boolean): Promise<Response> {
  const headers: Record<string, string> = {
    ...SAFE_FILE_HEADERS,
    etag: etagOf(file.sha256),
    "accept-ranges": "bytes",
    "content-type": file.contentType,
    "content-disposition": contentDisposition(file.path),
    "last-modified": new Date(file.createdAt).toUTCString(),
  };
  if (etagMatches(req.headers.get("if-none-match"), file.sha256)) {
    return new Response(null, { status: 304, headers: { etag: headers.etag, "cache-control": headers["cache-control"] } });
  }
  const range = ifRangeAllows(req.headers.get("if-range"), file.sha256) ? parseRange(req.headers.get("range"), file.size) : ({ kind: "full" } as const);
  if (range.kind === "unsatisfiable") {
    return new Response(null, { status: 416, headers: { ...headers, ...lengthHeaders(0), "content-range": `bytes */${file.size}` } });
  }
  const partial = range.kind === "partial";
  const start = partial ? range.start : 0;
  const end = partial ? range.end : file.size - 1;
  Object.assign(headers, lengthHeaders(file.size === 0 ? 0 : end - start + 1));
  if (partial) headers["content-range"] = `bytes ${start}-${end}/${file.size}`;
  const status = partial ? 206 : 200;
  if (!withBody || file.size === 0) return new Response(null, { status, headers });
  const stream = await getBlobStore().get(file.sha256, partial ? { start, end } : undefined);
  return new Response(readableToWeb(stream), { status, headers });
}
