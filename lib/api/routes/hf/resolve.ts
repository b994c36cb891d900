// HEAD|GET /{owner}/{model}/resolve/{rev}/{path} (and /raw/, the same bytes: Modelreg keeps no git pointers):
// a file of a revision, streamed, with every header huggingface_hub and @huggingface/hub read — X-Repo-Commit,
// ETag and X-Linked-Etag (the sha256), Content-Length and X-Linked-Size, Accept-Ranges, Range → 206.
// On S3 (unless MODELREG_S3_DOWNLOAD_REDIRECT=0) a stored, non-empty file is a 302 to a short-lived presigned GET of
// its blob instead, as the Hub redirects LFS files to its CDN: the 302 carries X-Repo-Commit, ETag, X-Linked-Etag
// and X-Linked-Size itself (huggingface_hub reads them from the HEAD's 302 and does not follow an absolute
// Location for metadata), and the bytes — whole or a Range — come from the store.
import { directDownloadUrl, getFile, type FileInfo } from "@/lib/registry/files";
import { countDownload } from "@/lib/registry/downloads";
import { loadModel, resolveRevision } from "@/lib/registry/revisions";
import { getBlobStore } from "@/lib/storage";
import { installContentLengthPassThrough, lengthHeaders } from "@/lib/storage/content-length";
import { SAFE_FILE_HEADERS, contentDisposition, etagMatches, etagOf, ifRangeAllows, parseRange } from "@/lib/storage/http";
import { normaliseFilePath } from "@/lib/storage/paths";
import { readableToWeb } from "@/lib/storage/web-stream";
import { asEntry, hf, type HfContext } from "./respond";

installContentLengthPassThrough();

type P = { owner: string; model: string; rev: string; path: string[] };

async function load({ db, actor, params }: HfContext<P>) {
  const path = normaliseFilePath((params.path ?? []).join("/"));
  const access = await loadModel(db, actor, params.owner, params.model);
  const rev = await resolveRevision(db, access, params.rev);
  const file = await asEntry(getFile(db, actor, { owner: access.org.name, project: access.project.name, kind: "model", version: rev.version.name, path }));
  return { rev, file };
}

export const GET = hf<P>(async (ctx) => {
  const { rev, file } = await load(ctx);
  return countDownload(ctx.db, file, ctx.req, await fileResponse(ctx.req, file, rev.commit, true));
});

export const HEAD = hf<P>(async (ctx) => {
  const { rev, file } = await load(ctx);
  return fileResponse(ctx.req, file, rev.commit, false);
});

async function fileResponse(req: Request, file: FileInfo, commit: string, withBody: boolean): Promise<Response> {
  const etag = etagOf(file.sha256);
  const headers: Record<string, string> = {
    ...SAFE_FILE_HEADERS,
    etag,
    "x-linked-etag": etag,
    "x-linked-size": String(file.size),
    "x-repo-commit": commit,
    "accept-ranges": "bytes",
    "content-type": file.contentType,
    "content-disposition": contentDisposition(file.path),
    "last-modified": new Date(file.createdAt).toUTCString(),
  };
  if (etagMatches(req.headers.get("if-none-match"), file.sha256)) {
    return new Response(null, { status: 304, headers: { etag, "x-repo-commit": commit, "cache-control": headers["cache-control"] } });
  }
  const direct = await directDownloadUrl(file);
  if (direct) {
    return new Response(null, {
      status: 302,
      headers: {
        location: direct,
        etag,
        "x-linked-etag": etag,
        "x-linked-size": String(file.size),
        "x-repo-commit": commit,
        "content-disposition": headers["content-disposition"],
        // The URL expires: never cache the redirect itself.
        "cache-control": "private, no-store",
      },
    });
  }
  if (file.size === 0) {
    // No range of an empty file exists; answer it whole, with its total in Content-Range for clients that probe
    // the size with `Range: bytes=0-0` (@huggingface/hub reads the size there).
    const empty: Record<string, string> = req.headers.get("range") ? { "content-range": "bytes */0" } : {};
    return new Response(null, { status: 200, headers: { ...headers, ...lengthHeaders(0), ...empty } });
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
