import { z } from "zod";
import { api, readBody } from "@/lib/api/handler";
import { planDirectUploads } from "@/lib/registry/direct-uploads";

type P = { owner: string; project: string; kind: string; name: string };

/** POST {files: [{path, size, sha256}]}: how to send each file — nothing, a presigned PUT to the bucket, or through the app. */
export const POST = api<P>(async ({ db, actor, params: p, req }) =>
  planDirectUploads(db, actor, { owner: p.owner, project: p.project, kind: p.kind, version: p.name }, await readBody(req, z.record(z.string(), z.unknown()))),
);
