// POST /api/models/{owner}/{model}/commit/{rev} (NDJSON: header, file (base64), lfsFile, deletedFile,
// deletedFolder). To main: a new version starting from the default revision's files. To a version (by name,
// stage, alias or commit id): that version's files change, if it may be written (not in a protected stage).
import { readBodyText } from "@/lib/api/handler";
import { assertProjectCan } from "@/lib/registry/access";
import { commitFiles, type CommitOperation } from "@/lib/registry/file-commit";
import { isDefaultRevision, loadModel, resolveRevision, resolveRevisionIn, revisionOfVersion } from "@/lib/registry/revisions";
import { SHA256_RE } from "@/lib/storage";
import { parseByteSize } from "@/lib/storage/http";
import { HfError, hf } from "./respond";

/** The most a commit body may hold (inline files are base64 in it): MODELREG_MAX_HF_COMMIT_BODY, default 64 MiB. */
const maxCommitBody = () => parseByteSize(process.env.MODELREG_MAX_HF_COMMIT_BODY, 64 * 1024 * 1024);

type P = { owner: string; model: string; rev: string };

export function refuseCreatePr(url: URL): void {
  const pr = url.searchParams.get("create_pr");
  if (pr && pr !== "0" && pr.toLowerCase() !== "false") {
    throw new HfError(400, "Pull requests are not supported by Modelreg: commit to a version, or to main to register a new version.");
  }
}

type Header = { summary?: string; description?: string; parentCommit?: string };

export function parseCommitBody(text: string): { header: Header; operations: CommitOperation[] } {
  let header: Header = {};
  const operations: CommitOperation[] = [];
  const lines = text.split("\n").filter((l) => l.trim());
  lines.forEach((line, i) => {
    let entry: { key?: unknown; value?: Record<string, unknown> };
    try {
      entry = JSON.parse(line);
    } catch {
      throw new HfError(400, `Line ${i + 1} of the commit is not JSON.`);
    }
    const v = entry?.value && typeof entry.value === "object" ? entry.value : {};
    const path = typeof v.path === "string" ? v.path : "";
    const need = (cond: boolean, what: string) => {
      if (!cond) throw new HfError(400, `Line ${i + 1} (${String(entry.key)}): ${what}.`);
    };
    switch (entry?.key) {
      case "header":
        header = v as Header;
        break;
      case "file": {
        need(Boolean(path), "path is required");
        need(v.encoding === undefined || v.encoding === "base64", "only base64 content is supported");
        need(typeof v.content === "string", "content is required");
        const bytes = Buffer.from(String(v.content), "base64");
        operations.push({
          op: "put",
          path,
          size: bytes.length,
          body: (async function* () {
            yield new Uint8Array(bytes);
          })(),
        });
        break;
      }
      case "lfsFile": {
        need(Boolean(path), "path is required");
        need(v.algo === undefined || v.algo === "sha256", "algo must be sha256");
        need(typeof v.oid === "string" && SHA256_RE.test(v.oid), "oid must be a sha256");
        need(typeof v.size === "number" && Number.isSafeInteger(v.size) && v.size >= 0, "size must be a whole number of bytes");
        operations.push({ op: "putStored", path, sha256: String(v.oid), size: Number(v.size) });
        break;
      }
      case "deletedFile":
        need(Boolean(path), "path is required");
        operations.push({ op: "delete", path });
        break;
      case "deletedFolder":
        need(Boolean(path), "path is required");
        operations.push({ op: "deleteFolder", path: path.replace(/\/+$/, "") });
        break;
      default:
        throw new HfError(
          400,
          `Line ${i + 1}: '${String(entry?.key)}' is not a commit operation Modelreg supports (header, file, lfsFile, deletedFile, deletedFolder).`,
        );
    }
  });
  return { header, operations };
}

export const POST = hf<P>(async ({ req, url, db, actor, params }) => {
  refuseCreatePr(url);
  const access = await loadModel(db, actor, params.owner, params.model);
  const toNew = isDefaultRevision(params.rev);
  const current = toNew ? await resolveRevisionIn(db, access, params.rev) : await resolveRevision(db, access, params.rev);
  // Permissions first (commitFiles checks them again with the body): refuse before reading a large body.
  assertProjectCan(access, toNew ? "version.write" : "file.upload", actor);
  const ctype = (req.headers.get("content-type") ?? "").toLowerCase();
  if (ctype && !ctype.includes("ndjson") && !ctype.includes("json")) throw new HfError(415, "Send the commit as application/x-ndjson.");
  const { header, operations } = parseCommitBody(await readBodyText(req, maxCommitBody()));
  if (header.parentCommit && header.parentCommit !== (current?.commit ?? null)) {
    throw new HfError(412, `The revision '${params.rev}' is at ${current?.commit ?? "no commit"}, not at the parent commit ${header.parentCommit}.`);
  }
  const summary = [header.summary, header.description].filter((s) => typeof s === "string" && s.trim()).join("\n\n");
  const result = await commitFiles(db, actor, {
    owner: access.org.name,
    project: access.project.name,
    target: toNew ? { kind: "new", baseVersionId: current?.version.id ?? null } : { kind: "existing", version: current!.version.name },
    operations,
    summary,
  });
  const rev = await revisionOfVersion(db, result.versionId);
  const origin = new URL(req.url).origin;
  return Response.json({
    success: true,
    commitOid: rev.commit,
    commitUrl: `${origin}/${access.org.name}/${access.project.name}/commit/${rev.commit}`,
    commitMessage: summary,
    pullRequestUrl: null,
    hookOutput: "",
    modelreg: { version: result.version, created: result.created },
  });
});
