// The files of a model version in the OpenAPI document: the list, and one file's upload (streamed
// bytes, optionally checksummed), download (ETag = sha256, ranges, conditional GET), HEAD and delete.
// The shapes are those of lib/api/routes/v1/[owner]/[project]/versions/[kind]/[name]/files (fileJson), the
// rules those of lib/registry/files.ts and lib/storage/http.ts.
import { z } from "zod";
import { MAX_PATH_BYTES, MAX_SEGMENT_BYTES } from "@/lib/storage/paths";
import { KINDS } from "@/lib/registry/version-view";
import { envelopeSchema, errorResponses, json, pageQuerySchema, registerRoute, type OpenAPIRegistry } from "./builder";

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const FileSchema = z
  .object({
    path: z.string().describe("Relative path inside the version, e.g. `weights/model.bin`"),
    size: z.number().int().min(0).describe("Bytes"),
    sha256: sha256Hex.describe("SHA-256 of the content, lowercase hex"),
    content_type: z.string(),
    created_at: z.string().describe("ISO 8601 date-time of the last upload"),
  })
  .meta({ id: "File" });
export const UploadedFileSchema = FileSchema.extend({
  replaced: z.boolean().describe("True when a file already stood at this path (answer 200); false for a new one (201)"),
}).meta({ id: "UploadedFile" });
const FileListSchema = envelopeSchema(FileSchema, "FileList")
  .extend({
    total_size: z.number().int().min(0).describe("Bytes of all the version's files, not only this page"),
  })
  .meta({ id: "FileList" });

const versionParams = z.object({
  owner: z.string(),
  project: z.string(),
  kind: z.enum(KINDS),
  name: z.string().describe("The version, looked up literally (`latest` is a name)"),
});
const fileParams = versionParams.extend({
  path: z
    .string()
    .describe(
      `The file's path; its '/' separators stay literal in the URL (each segment percent-encoded on its own). ` +
        `At most ${MAX_PATH_BYTES} bytes and ${MAX_SEGMENT_BYTES} per segment; relative, no empty, '.' or '..' segments, ` +
        "no backslash, control characters, '#', '?', nor percent-encoded '/', '\\', '.' or '%' (400 naming the rule).",
    ),
});

const binary = { type: "string", format: "binary" } as const;
const etag = z.string().describe('`"<sha256>"`: the strong ETag of the content');

/** The headers of a download (200/206/416 alike). */
const downloadHeaders = z.object({
  etag,
  "accept-ranges": z.literal("bytes"),
  "content-length": z.string().describe("Bytes in this answer"),
  "content-type": z.string().describe("The content type stored with the file (given at upload or guessed from the name)"),
  "content-disposition": z.string().describe("Always `attachment` with the file's base name"),
  "last-modified": z.string().describe("When the file was last uploaded (HTTP date)"),
  "cache-control": z.literal("private, no-cache, no-transform"),
  "x-content-type-options": z.literal("nosniff"),
  "content-security-policy": z.string().describe("`default-src 'none'; sandbox`: never rendered on this origin"),
});
const downloadQueryHeaders = z.object({
  range: z
    .string()
    .optional()
    .describe("One range, `bytes=START-END`, `bytes=START-` or `bytes=-SUFFIX`; several ranges or other units are ignored (full answer)"),
  "if-range": z.string().optional().describe("The ETag: the range applies only while the content is unchanged, else the whole file is sent"),
  "if-none-match": z.string().optional().describe("An ETag list or `*`: 304 when the content is unchanged"),
});
const notModified = { description: "Not modified (If-None-Match matched)", headers: z.object({ etag, "cache-control": z.string() }) };
const download = (withBody: boolean) => ({
  200: {
    description: withBody ? "The whole file" : "The whole file's headers, no body",
    headers: downloadHeaders,
    ...(withBody ? { content: { "*/*": { schema: binary } } } : {}),
  },
  206: {
    description: withBody ? "The requested range" : "The requested range's headers, no body",
    headers: downloadHeaders.extend({ "content-range": z.string().describe("`bytes START-END/SIZE`") }),
    ...(withBody ? { content: { "*/*": { schema: binary } } } : {}),
  },
  304: notModified,
  416: {
    description: "Range not satisfiable: it lies wholly outside the file",
    headers: downloadHeaders.extend({ "content-range": z.string().describe("`bytes */SIZE`") }),
  },
});

const DeclaredFileSchema = z.object({
  path: z.string().describe("The file's path in the version"),
  size: z.number().int().min(0).describe("Bytes"),
  sha256: z.string().describe("The content's SHA-256: 64 lowercase hex digits"),
});
const DeclaredFilesSchema = z.object({ files: z.array(DeclaredFileSchema).min(1).max(1000) });
const UploadPlanSchema = z.object({
  direct: z.boolean().describe("Whether any file goes straight to the bucket"),
  files: z.array(
    z.object({
      path: z.string(),
      action: z
        .enum(["none", "put", "app", "error"])
        .describe(
          "none: the bytes are already available to the model, commit it; put: PUT the bytes to `url`, then commit; " +
            "app: PUT the file through the app's file route; error: this file cannot be uploaded (`status`, `message`)",
        ),
      url: z.string().optional().describe("put: a presigned PUT to the bucket (no Authorization header)"),
      expires_in: z.number().int().optional().describe("put: seconds the URL stays valid"),
      status: z.number().int().optional(),
      message: z.string().optional(),
    }),
  ),
});

const tags = ["Files"];

export function registerFilesApi(r: OpenAPIRegistry): void {
  const list = "/api/v1/{owner}/{project}/versions/{kind}/{name}/files";
  const one = `${list}/{path}`;
  registerRoute(r, {
    method: "get",
    path: list,
    tags,
    auth: "optional",
    summary: "The version's files, by path (project viewers)",
    request: { params: versionParams, query: pageQuerySchema.extend({ limit: pageQuerySchema.shape.limit.describe("Default 100") }) },
    responses: { 200: json(FileListSchema), ...errorResponses(400, 404) },
  });
  registerRoute(r, {
    method: "put",
    path: one,
    tags,
    auth: "required",
    summary: "Upload a file, streamed; replaces the file at that path (project members)",
    description:
      "The body is the raw bytes. Send Content-Length to be refused up front when over a limit " +
      "(MODELREG_MAX_FILE_SIZE, default 5 GiB; MODELREG_MAX_VERSION_SIZE, default 50 GiB for all of a version's files): 413. " +
      "Content-Type is stored and served back (guessed from the name when absent or generic). " +
      "With `x-checksum-sha256` a body of another digest is refused (400) and nothing is stored. " +
      "Files of a version in a protected stage are read-only, for admins too: 409.",
    request: {
      params: fileParams,
      headers: z.object({
        "x-checksum-sha256": z.string().optional().describe("The content's SHA-256: 64 hex digits, or the 32 bytes in base64"),
        "content-length": z.string().optional().describe("Bytes in the body; must match it"),
      }),
      body: { required: true, content: { "application/octet-stream": { schema: binary } } },
    },
    responses: {
      200: { ...json(UploadedFileSchema, "Replaced the file at this path"), headers: z.object({ etag }) },
      201: { ...json(UploadedFileSchema, "Created"), headers: z.object({ etag }) },
      ...errorResponses(400, 403, 404, 409, 413),
    },
  });
  registerRoute(r, {
    method: "get",
    path: one,
    tags,
    auth: "optional",
    summary: "Download a file, streamed (project viewers)",
    description:
      "ETag is the quoted sha256; Range (one range) answers 206, If-None-Match 304. With `redirect=1` and an S3 store " +
      "(MODELREG_S3_DOWNLOAD_REDIRECT, default on), a whole-file GET answers 302 to a presigned URL of the bytes (valid 5 minutes).",
    request: {
      params: fileParams,
      headers: downloadQueryHeaders,
      query: z.object({ redirect: z.enum(["1"]).optional().describe("1: a 302 straight to the object store when it has presigned URLs") }),
    },
    responses: {
      ...download(true),
      302: { description: "redirect=1 on S3: the bytes at a presigned URL (Location); the client checks the sha256 itself" },
      ...errorResponses(400, 404),
    },
  });
  registerRoute(r, {
    method: "head",
    path: one,
    tags,
    auth: "optional",
    summary: "A download's headers without its body (project viewers)",
    request: { params: fileParams, headers: downloadQueryHeaders },
    responses: { ...download(false), ...errorResponses(400, 404) },
  });
  registerRoute(r, {
    method: "delete",
    path: one,
    tags,
    auth: "required",
    summary: "Delete a file (project admins)",
    description: "Files of a version in a protected stage are read-only: 409.",
    request: { params: fileParams },
    responses: { 204: { description: "Deleted" }, ...errorResponses(400, 403, 404, 409) },
  });
  registerRoute(r, {
    method: "post",
    path: "/api/v1/{owner}/{project}/versions/{kind}/{name}/uploads",
    tags,
    auth: "required",
    summary: "Plan an upload of several files: which go straight to the bucket (project members)",
    description:
      "For each declared file (path, size, sha256): `none` when the model already has those bytes, `put` with a presigned " +
      "PUT to the bucket when the store is S3 (MODELREG_S3_DIRECT_UPLOAD, default on), else `app`. After the PUTs, " +
      "POST the files to …/uploads/commit. Same permissions and limits as the file PUT.",
    request: { params: versionParams, body: { required: true, content: { "application/json": { schema: DeclaredFilesSchema } } } },
    responses: { 200: json(UploadPlanSchema), ...errorResponses(400, 403, 404, 409) },
  });
  registerRoute(r, {
    method: "post",
    path: "/api/v1/{owner}/{project}/versions/{kind}/{name}/uploads/commit",
    tags,
    auth: "required",
    summary: "Record files whose bytes are in the store (project members)",
    description:
      "Each file's staged object is read back and must have the declared sha256 and size, or nothing is recorded (400). " +
      "All the files land in one transaction.",
    request: { params: versionParams, body: { required: true, content: { "application/json": { schema: DeclaredFilesSchema } } } },
    responses: { 200: json(z.object({ version: z.string(), files: z.number().int() })), ...errorResponses(400, 403, 404, 409, 413) },
  });
}
