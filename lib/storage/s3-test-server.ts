// A real S3-compatible HTTP endpoint on loopback for tests and benchmarks (s3rver 3, files in a temp dir).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import { S3BlobStore } from "./s3";

export type S3TestServer = {
  endpoint: string;
  bucket: string;
  /** s3rver's own folder: every object and every pending multipart part lives under it. */
  directory: string;
  store(prefix?: string): S3BlobStore;
  /** Every file s3rver holds for the bucket (objects, metadata, multipart parts), relative paths. */
  files(): string[];
  close(): Promise<void>;
};

/**
 * Starts s3rver with `bucket`. By default on a free port in a fresh temp folder (removed on close); the e2e
 * server passes a fixed port and folder so the tests can look at what the store holds.
 */
export async function startS3TestServer(
  bucket = "modelreg-test",
  opts: { port?: number; directory?: string; corsOrigins?: string[] } = {},
): Promise<S3TestServer> {
  const directory = opts.directory ?? fs.mkdtempSync(path.join(os.tmpdir(), "modelreg-s3rver-"));
  fs.mkdirSync(directory, { recursive: true });
  const server = new S3rver({
    address: "127.0.0.1",
    port: opts.port ?? 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: opts.corsOrigins?.length ? [corsConfiguration(opts.corsOrigins)] : [] }],
  });
  // s3rver 3 lacks AbortMultipartUpload (DELETE ?uploadId=), which every real S3 has and which
  // lib-storage calls when a body fails mid-upload. Add it in front of s3rver's router: it drops the
  // pending parts, exactly as S3 does. Without it, s3rver answers 405 and keeps the parts forever.
  server.middleware.unshift(async (ctx, next) => {
    const uploadId = ctx.query.uploadId;
    if (ctx.method === "DELETE" && typeof uploadId === "string" && /^[A-Za-z0-9_-]+$/.test(uploadId)) {
      fs.rmSync(path.join(directory, bucket, "._S3rver_uploads", uploadId), { recursive: true, force: true });
      ctx.status = 204;
      return;
    }
    await next();
  });
  // Nor has it UploadPartCopy (PUT ?partNumber&uploadId with x-amz-copy-source), which S3 uses to copy
  // objects over 5 GiB. Emulated on s3rver's own store: the source range becomes the part, as in S3.
  server.middleware.unshift(async (ctx, next) => {
    const { uploadId, partNumber } = ctx.query;
    const source = ctx.headers["x-amz-copy-source"];
    if (ctx.method !== "PUT" || typeof uploadId !== "string" || typeof partNumber !== "string" || typeof source !== "string") return next();
    const [srcBucket, ...srcKey] = decodeURIComponent(source).replace(/^\//, "").split("/");
    const [, targetBucket] = ctx.path.split("/");
    const range = /^bytes=(\d+)-(\d+)$/.exec(String(ctx.headers["x-amz-copy-source-range"] ?? ""));
    const object = await ctx.store.getObject(srcBucket, srcKey.join("/"), range ? { start: Number(range[1]), end: Number(range[2]) } : undefined);
    if (!object?.content) {
      ctx.status = 404;
      ctx.type = "application/xml";
      ctx.body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>`;
      return;
    }
    const { md5 } = await ctx.store.putPart(targetBucket, uploadId, Number(partNumber), object.content);
    ctx.type = "application/xml";
    ctx.body = `<?xml version="1.0" encoding="UTF-8"?><CopyPartResult><LastModified>${new Date().toISOString()}</LastModified><ETag>"${md5}"</ETag></CopyPartResult>`;
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    directory,
    store: (prefix = "blobs") =>
      new S3BlobStore({
        bucket,
        prefix,
        endpoint,
        forcePathStyle: true,
        credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
      }),
    files: () => walk(path.join(directory, bucket)),
    close: async () => {
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

/**
 * The bucket's CORS rule for browsers that PUT to presigned URLs (the uploader's direct path): what the README's
 * S3 section asks operators to set on their bucket.
 */
export function corsConfiguration(origins: string[]): string {
  const esc = (v: string) => v.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  return `<?xml version="1.0" encoding="UTF-8"?>
<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <CORSRule>
${origins.map((o) => `    <AllowedOrigin>${esc(o)}</AllowedOrigin>`).join("\n")}
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedHeader>content-type</AllowedHeader>
    <AllowedHeader>content-length</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;
}

export function walk(dir: string, base = dir): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p, base));
    else out.push(path.relative(base, p));
  }
  return out.sort();
}
