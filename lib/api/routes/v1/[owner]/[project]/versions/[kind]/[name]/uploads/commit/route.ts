import { z } from "zod";
import { api, readBody } from "@/lib/api/handler";
import { commitDirectUploads } from "@/lib/registry/direct-uploads";

type P = { owner: string; project: string; kind: string; name: string };

/** POST {files: [{path, size, sha256}]}: records files whose bytes are in the store (sent to the bucket, or already there). */
export const POST = api<P>(async ({ db, actor, params: p, req }) =>
  commitDirectUploads(db, actor, { owner: p.owner, project: p.project, kind: p.kind, version: p.name }, await readBody(req, z.record(z.string(), z.unknown()))),
);
