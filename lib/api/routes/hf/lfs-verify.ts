// POST /api/lfs/verify/{grant} (Git LFS `verify`, body {oid, size}) and POST /api/lfs/complete/{grant} (HF's
// multipart completion, body {oid, parts: [{partNumber, etag}]}): the URLs the batch call handed out with an upload
// straight into the bucket. Self-authorizing like the upload URL (signed, expiring); the staged object is read
// back and checked before it becomes a blob (lib/registry/upload-grants.ts).
import { getDb } from "@/db";
import { readBodyText } from "@/lib/api/handler";
import { completeGrantedMultipart, verifyGrantedUpload } from "@/lib/registry/upload-grants";
import { parseJson } from "./repos-create";
import { hfErrorResponse } from "./respond";

type P = { grant: string };

const LFS_JSON = { "content-type": "application/vnd.git-lfs+json" };

async function body(req: Request): Promise<Record<string, unknown>> {
  const v = parseJson(await readBodyText(req));
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export const verify = {
  async POST(req: Request, ctx: { params: Promise<P> }): Promise<Response> {
    try {
      const { grant } = await ctx.params;
      await verifyGrantedUpload(await getDb(), grant, await body(req));
      return new Response("{}", { status: 200, headers: LFS_JSON });
    } catch (err) {
      return hfErrorResponse(err, null, "EntryNotFound");
    }
  },
};

export const complete = {
  async POST(req: Request, ctx: { params: Promise<P> }): Promise<Response> {
    try {
      const { grant } = await ctx.params;
      await completeGrantedMultipart(await getDb(), grant, await body(req));
      return new Response("{}", { status: 200, headers: LFS_JSON });
    } catch (err) {
      return hfErrorResponse(err, null, "EntryNotFound");
    }
  },
};
