// One file of a version, looked at: its preview (text, JSON, YAML, Markdown, CSV, images, and what a model
// file's header says), its size, checksum and a download. The preview is lib/registry/file-preview.ts's: a
// bounded range read, never the whole file.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/registry/errors";
import { previewFile } from "@/lib/registry/file-preview";
import { registryDb } from "@/lib/registry/request";
import { formatBytes } from "@/lib/storage/format";
import { buttonClass } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FilePreviewBody } from "@/components/files/file-preview";

type Props = { params: Promise<{ owner: string; project: string; version: string; path: string[] }> };

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { owner, project, version, path } = await params;
  return { title: `${path.map(decode).join("/")} · ${decode(version)} · ${owner}/${project}` };
}

export default async function FilePreviewPage({ params }: Props) {
  const { owner, project, version: rawVersion, path: segments } = await params;
  const version = decode(rawVersion);
  const path = segments.map(decode).join("/");
  const { file, preview } = await previewFile(await registryDb(), await currentActor(), { owner, project, kind: "model", version, path }).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const enc = encodeURIComponent;
  const base = `/${enc(owner)}/${enc(project)}`;
  const versionHref = `${base}/versions/${enc(version)}`;
  const download = `/api/v1/${enc(owner)}/${enc(project)}/versions/model/${enc(version)}/files/${path.split("/").map(enc).join("/")}`;
  return (
    <div className="space-y-5">
      <nav aria-label="Breadcrumb" className="flex flex-wrap items-center gap-1 text-sm text-zinc-500 dark:text-zinc-400">
        <Link href={`${base}/versions`} className="hover:underline">
          Versions
        </Link>
        <span aria-hidden>/</span>
        <Link href={versionHref} className="hover:underline">
          {version}
        </Link>
        <span aria-hidden>/</span>
        <Link href={`${versionHref}#version-files-title`} className="hover:underline">
          Files
        </Link>
      </nav>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <h2 className="font-mono text-lg font-semibold [overflow-wrap:anywhere]">{file.path}</h2>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            <span title={`${file.size.toLocaleString("en")} bytes`}>{formatBytes(file.size)}</span>
            <span aria-hidden> · </span>
            <span>{file.contentType}</span>
            <span aria-hidden> · </span>
            <span className="font-mono" title={file.sha256}>
              sha256 {file.sha256.slice(0, 12)}…
            </span>
          </p>
        </div>
        <a href={download} download={file.path.split("/").pop()} className={buttonClass("secondary", "md", "no-underline")}>
          Download
        </a>
      </div>
      {preview.kind === "none" ? (
        <Card>
          <CardBody>
            <EmptyState title="No preview">{preview.reason}</EmptyState>
          </CardBody>
        </Card>
      ) : (
        <Card>
          <CardHeader className="flex items-center justify-between">
            <CardTitle>Preview</CardTitle>
            <span className="text-xs text-zinc-500 dark:text-zinc-400">{previewLabel(preview)}</span>
          </CardHeader>
          <FilePreviewBody preview={preview} src={download} alt={file.path} />
        </Card>
      )}
    </div>
  );
}

function previewLabel(p: Exclude<Awaited<ReturnType<typeof previewFile>>["preview"], { kind: "none" }>): string {
  switch (p.kind) {
    case "text":
      return `${p.lang === "json" ? "JSON" : p.lang === "yaml" ? "YAML" : p.lang === "markdown" ? "Markdown" : "text"}${p.truncated ? " · the first 256 KB" : ""}`;
    case "csv":
      return `the first ${p.rows.length} rows`;
    case "image":
      return "image";
    case "safetensors":
      return `safetensors header · ${formatBytes(p.header.headerBytes)} read`;
    case "gguf":
      return `GGUF v${p.header.version} header · ${formatBytes(p.header.headerBytes)} read`;
    case "onnx":
      return `ONNX IR v${p.header.irVersion} · ${formatBytes(p.header.headerBytes)} read`;
  }
}
