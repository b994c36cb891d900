// POST /{owner}/{model}.git/info/lfs/objects/batch: Git LFS's batch API, uploads only. Each object comes back
// without actions when the model already has it, else with an expiring, self-authorizing upload URL: the app's
// (`/api/lfs/upload/{grant}`), or on S3 a presigned PUT straight into the bucket — or, above the multipart chunk,
// HF's multipart form (`header.chunk_size` and numbered part URLs, completion POSTed to `href`) — with a `verify`
// action; lib/registry/upload-grants.ts decides and checks.
import { z } from "zod";
import { readBodyText } from "@/lib/api/handler";
import { assertProjectCan } from "@/lib/registry/access";
import { loadModel } from "@/lib/registry/revisions";
import { planUploads } from "@/lib/registry/upload-grants";
import { parseJson } from "./repos-create";
import { HfError, hf } from "./respond";

const body = z.object({
  operation: z.string(),
  transfers: z.array(z.string()).optional(),
  objects: z.array(z.object({ oid: z.string(), size: z.number() })).max(1000),
  hash_algo: z.string().optional(),
});

type P = { owner: string; model: string };

const LFS_JSON = { "content-type": "application/vnd.git-lfs+json" };

export const POST = hf<P>(async ({ req, db, actor, params }) => {
  if (!params.model.endsWith(".git")) throw new HfError(404, "Not a Git LFS endpoint: use /{owner}/{model}.git/info/lfs/objects/batch");
  const model = params.model.slice(0, -".git".length);
  const access = await loadModel(db, actor, params.owner, model);
  assertProjectCan(access, "file.upload", actor);
  const parsed = body.safeParse(parseJson(await readBodyText(req)));
  if (!parsed.success) throw new HfError(422, `Invalid batch request: ${parsed.error.issues[0].path.join(".") || "body"} ${parsed.error.issues[0].message}`);
  const b = parsed.data;
  if (b.operation !== "upload") throw new HfError(400, "Only uploads go through Git LFS here; download files from /{owner}/{model}/resolve/{revision}/{path}.");
  if (b.hash_algo && !["sha256", "sha_256"].includes(b.hash_algo)) throw new HfError(422, "Only sha256 objects are supported.");
  const transfers = b.transfers ?? ["basic"];
  if (!transfers.includes("basic")) throw new HfError(422, "Only the basic transfer is supported (Xet is not: set HF_HUB_DISABLE_XET=1).");
  const origin = new URL(req.url).origin;
  const planned = await planUploads(db, access, actor, b.objects, undefined, { multipart: transfers.includes("multipart") });
  return Response.json(
    {
      transfer: "basic",
      hash_algo: "sha256",
      objects: planned.map((o) => {
        if ("error" in o) return { oid: o.oid, size: o.size, error: o.error };
        if (o.stored) return { oid: o.oid, size: o.size, authenticated: true };
        const t = o.target;
        const verify = { href: `${origin}/api/lfs/verify/${o.grant}`, expires_in: o.expiresIn };
        const upload =
          t.kind === "app"
            ? { href: `${origin}/api/lfs/upload/${o.grant}`, expires_in: o.expiresIn }
            : t.kind === "direct"
              ? { href: t.href, expires_in: o.expiresIn }
              : {
                  href: `${origin}/api/lfs/complete/${o.grant}`,
                  expires_in: o.expiresIn,
                  header: { chunk_size: String(t.chunkSize), ...Object.fromEntries(t.partUrls.map((u, i) => [String(i + 1), u])) },
                };
        return { oid: o.oid, size: o.size, authenticated: true, actions: t.kind === "app" ? { upload } : { upload, verify } };
      }),
    },
    { headers: LFS_JSON },
  );
});
