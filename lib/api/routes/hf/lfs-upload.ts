// PUT /api/lfs/upload/{grant}: the upload URL the LFS batch call handed out. It authorizes itself (no
// Authorization header): the grant is signed and expires. The body is verified against its sha256 and size.
import { getDb } from "@/db";
import { receiveGrantedUpload } from "@/lib/registry/upload-grants";
import { parseContentLength } from "@/lib/storage/http";
import { hfErrorResponse } from "./respond";

type P = { grant: string };

export async function PUT(req: Request, ctx: { params: Promise<P> }): Promise<Response> {
  try {
    const { grant } = await ctx.params;
    const db = await getDb();
    const body = req.body ?? (async function* () {})();
    const r = await receiveGrantedUpload(db, grant, body, parseContentLength(req.headers.get("content-length")));
    return new Response(null, { status: 200, headers: { etag: `"${r.sha256}"` } });
  } catch (err) {
    return hfErrorResponse(err, null, "EntryNotFound");
  }
}
