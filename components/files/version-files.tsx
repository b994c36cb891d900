// The files section of a version page: what is there, and — for members, outside protected stages —
// the uploader. A server component: it reads through the registry; the interactive parts are leaves.
import { registryDb } from "@/lib/registry/request";
import { currentActor } from "@/lib/auth/session";
import { directUploadsAvailable } from "@/lib/registry/direct-uploads";
import { versionFilesView } from "@/lib/registry/files";
import { formatBytes } from "@/lib/storage/format";
import { Alert } from "@/components/ui/alert";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { FileBrowser } from "./file-browser";
import { FileUploader } from "./file-uploader";

const SHOWN = 1000;

type Props = { owner: string; project: string; version: string; kind?: "model" | "artifact" };

export async function VersionFiles({ owner, project, version, kind = "model" }: Props) {
  const view = await versionFilesView(await registryDb(), await currentActor(), { owner, project, kind, version }, SHOWN);
  const enc = encodeURIComponent;
  const apiBase = `/api/v1/${enc(view.owner)}/${enc(view.project)}/versions/${view.kind}/${enc(view.version)}/files`;
  const files = view.results.map((f) => ({ path: f.path, size: f.size, sha256: f.sha256, contentType: f.contentType }));
  const cli = `modelreg models push -p ${view.owner}/${view.project} -ver ${view.version} --path ./model`;
  return (
    <section aria-labelledby="version-files-title">
      <Card>
        <CardHeader className="flex flex-wrap items-baseline justify-between gap-2">
          <CardTitle id="version-files-title">Files</CardTitle>
          <span className="text-sm text-zinc-500 dark:text-zinc-400">
            {view.count.toLocaleString("en")} {view.count === 1 ? "file" : "files"} · {formatBytes(view.totalSize)}
          </span>
        </CardHeader>
        {view.readOnly ? (
          <div className="px-5 pt-4">
            <Alert tone="info">{view.readOnly}</Alert>
          </div>
        ) : null}
        {view.canUpload ? (
          <div className="px-5 pt-4">
            <FileUploader apiBase={apiBase} maxFileSize={view.limits.maxFileSize} direct={directUploadsAvailable(view.kind)} />
          </div>
        ) : null}
        {view.count === 0 ? (
          <div className="px-5 py-8 text-center text-sm text-zinc-600 dark:text-zinc-400">
            <p className="font-medium text-zinc-800 dark:text-zinc-200">No files in this version yet.</p>
            {view.readOnly ? null : (
              <>
                <p className="mt-1">
                  {view.canUpload ? "Drop them above, or push a folder from the command line:" : "Members of this model push them from the command line:"}
                </p>
                <code className="mt-3 inline-block rounded-md bg-zinc-100 px-3 py-1.5 font-mono text-xs text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200">
                  {cli}
                </code>
              </>
            )}
          </div>
        ) : (
          <div className={view.readOnly || view.canUpload ? "mt-4 border-t border-zinc-200 dark:border-zinc-800" : ""}>
            <FileBrowser
              files={files}
              apiBase={apiBase}
              canDelete={view.canDelete}
              previewBase={view.kind === "model" ? `/${enc(view.owner)}/${enc(view.project)}/versions/${enc(view.version)}/files` : undefined}
            />
            {view.count > files.length ? (
              <p className="border-t border-zinc-200 px-5 py-3 text-xs text-zinc-500 dark:text-zinc-400 dark:border-zinc-800">
                Showing the first {files.length.toLocaleString("en")} of {view.count.toLocaleString("en")} files. Use{" "}
                <code className="font-mono">modelreg models pull</code> or the API to get them all.
              </p>
            ) : null}
          </div>
        )}
      </Card>
    </section>
  );
}
