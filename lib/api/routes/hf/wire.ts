// The Hub's JSON shapes, computed from what Modelreg stores. Every file is presented as a Git LFS file: its
// pointer (and so its git blob id) follows from the stored sha256 and size, without reading the bytes, and
// clients check downloads against `lfs.oid` = the sha256 the blob store verified on upload.
import crypto from "node:crypto";
import { parse as parseYaml } from "yaml";
import type { ProjectAccess } from "@/lib/registry/access";
import type { ResolvedRevision, RevisionFile } from "@/lib/registry/revisions";

export const lfsPointer = (sha256: string, size: number) => `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${size}\n`;

/** git's blob id of `content`: sha1("blob <length>\0" + content). */
export function gitBlobId(content: string | Buffer): string {
  const buf = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  return crypto.createHash("sha1").update(`blob ${buf.length}\0`).update(buf).digest("hex");
}

export function fileEntry(f: Pick<RevisionFile, "path" | "size" | "sha256">) {
  const pointer = lfsPointer(f.sha256, f.size);
  return {
    type: "file" as const,
    path: f.path,
    size: f.size,
    oid: gitBlobId(pointer),
    lfs: { oid: f.sha256, size: f.size, pointerSize: Buffer.byteLength(pointer) },
  };
}

export type TreeEntry = ReturnType<typeof fileEntry> | { type: "directory"; path: string; size: 0; oid: string };

/**
 * The entries of a tree listing under `dir` ("" = the root): its files and folders, or with `recursive` every
 * file and folder below it, folders first at each level as the Hub lists them. Folder ids are the sha1 of the
 * entries inside them, so they change when their contents do.
 */
export function treeEntries(all: RevisionFile[], dir: string, recursive: boolean): TreeEntry[] {
  const prefix = dir ? `${dir}/` : "";
  const dirs = new Map<string, crypto.Hash>();
  const out: TreeEntry[] = [];
  for (const f of all) {
    if (!f.path.startsWith(prefix)) continue;
    const rest = f.path.slice(prefix.length);
    const parts = rest.split("/");
    for (let i = 1; i < parts.length; i++) {
      const d = prefix + parts.slice(0, i).join("/");
      if (!recursive && i > 1) break;
      let h = dirs.get(d);
      if (!h) dirs.set(d, (h = crypto.createHash("sha1").update(`tree ${d}\0`)));
      h.update(`${f.path}\0${f.sha256}\0`);
    }
    if (recursive || parts.length === 1) out.push(fileEntry(f));
  }
  const folders: TreeEntry[] = [...dirs].map(([path, h]) => ({ type: "directory", path, size: 0, oid: h.digest("hex") }));
  return [...folders, ...out].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** YAML front matter of a model card (`---\n…\n---`), as an object; anything else is no card data. */
export function cardDataOf(readme: string | null | undefined): Record<string, unknown> | undefined {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\s*(?:\r?\n|$)/.exec(readme ?? "");
  if (!m) return undefined;
  try {
    const data: unknown = parseYaml(m[1], { maxAliasCount: 10 });
    return data && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : undefined);

/** GET /api/models/{repo}[/revision/{rev}]: what huggingface_hub's ModelInfo and @huggingface/hub's modelInfo read. */
export function modelInfoJson(access: ProjectAccess, rev: ResolvedRevision | null, list: RevisionFile[], card: string | null = null) {
  const p = access.project;
  const v = rev?.version ?? null;
  const meta = (v?.metaInfo ?? {}) as Record<string, unknown>;
  // The revision's README.md (as on the Hub), else the version's or the model's readme.
  const cardData = cardDataOf(card) ?? cardDataOf(v?.readme) ?? cardDataOf(p.readme);
  const libraryName = str(meta.library_name) ?? str(cardData?.library_name) ?? str(meta.framework);
  const pipelineTag = str(meta.pipeline_tag) ?? str(cardData?.pipeline_tag);
  const id = `${access.org.name}/${p.name}`;
  const tags = [...new Set([...(p.tags ?? []), ...(v?.tags ?? []), ...(libraryName ? [libraryName] : []), ...(pipelineTag ? [pipelineTag] : [])])];
  const lastModified = rev?.lastModified ?? new Date(p.updatedAt);
  return {
    _id: p.uuid,
    id,
    modelId: id,
    author: access.org.name,
    sha: rev?.commit ?? null,
    private: !p.isPublic,
    gated: false,
    disabled: false,
    downloads: 0,
    likes: 0,
    tags,
    ...(libraryName ? { library_name: libraryName } : {}),
    ...(pipelineTag ? { pipeline_tag: pipelineTag } : {}),
    ...(cardData ? { cardData } : {}),
    createdAt: new Date(p.createdAt).toISOString(),
    lastModified: new Date(lastModified).toISOString(),
    siblings: list.map((f) => {
      const e = fileEntry(f);
      return { rfilename: f.path, size: f.size, blobId: e.oid, lfs: { sha256: f.sha256, size: f.size, pointerSize: e.lfs.pointerSize } };
    }),
    usedStorage: rev?.totalSize ?? 0,
    // Modelreg's own words for what the revision is: the version behind it and its stage.
    modelreg: v ? { version: v.name, stage: v.stage, uuid: v.uuid } : null,
  };
}
