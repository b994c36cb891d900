"use client";
// The version's files as a tree by folder: size, short sha256 with copy, download, and delete for admins.
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { DialogClose, DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { formatBytes } from "@/lib/storage/format";
import { buildTree, fileUrl, type TreeFile, type TreeFolder } from "./file-tree";

/** `previewBase`: the page URL under which each file has its preview page (`<previewBase>/<path>`). */
type Props = { files: TreeFile[]; apiBase: string; canDelete: boolean; previewBase?: string };

export function FileBrowser({ files, apiBase, canDelete, previewBase }: Props) {
  const tree = useMemo(() => buildTree(files), [files]);
  // Folders start open when there are few files, closed when the listing would be long.
  const [closed, setClosed] = useState<Set<string>>(() => new Set(files.length > 40 ? collectFolders(tree) : []));
  const toggle = (path: string) =>
    setClosed((prev) => {
      const next = new Set(prev);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm" aria-label="Files">
        <thead className="bg-zinc-50 text-left dark:bg-zinc-900/60">
          <tr>
            <th scope="col" className="px-4 py-2 text-xs font-semibold tracking-wide text-zinc-500 dark:text-zinc-400 uppercase">
              Name
            </th>
            <th scope="col" className="px-4 py-2 text-right text-xs font-semibold tracking-wide text-zinc-500 dark:text-zinc-400 uppercase">
              Size
            </th>
            <th scope="col" className="px-4 py-2 text-xs font-semibold tracking-wide text-zinc-500 dark:text-zinc-400 uppercase">
              SHA-256
            </th>
            <th scope="col" className="px-4 py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <FolderRows folder={tree} depth={0} closed={closed} toggle={toggle} apiBase={apiBase} canDelete={canDelete} previewBase={previewBase} />
        </tbody>
      </table>
    </div>
  );
}

function collectFolders(d: TreeFolder): string[] {
  return d.folders.flatMap((f) => [f.path, ...collectFolders(f)]);
}

type RowsProps = {
  folder: TreeFolder;
  depth: number;
  closed: Set<string>;
  toggle: (p: string) => void;
  apiBase: string;
  canDelete: boolean;
  previewBase?: string;
};

function FolderRows({ folder, depth, closed, toggle, apiBase, canDelete, previewBase }: RowsProps) {
  const indent = { paddingLeft: `${1 + depth * 1.25}rem` };
  return (
    <>
      {folder.folders.map((d) => {
        const open = !closed.has(d.path);
        return (
          <FragmentRows key={`d:${d.path}`}>
            <tr className="border-t border-zinc-200 dark:border-zinc-800">
              <td className="py-1.5 pr-4" style={indent}>
                <button
                  type="button"
                  onClick={() => toggle(d.path)}
                  aria-expanded={open}
                  className="flex items-center gap-1.5 rounded text-left font-medium text-zinc-800 hover:text-accent-600 dark:text-zinc-200"
                >
                  <span aria-hidden className={cn("inline-block w-3 text-zinc-400 transition-transform", open && "rotate-90")}>
                    ▸
                  </span>
                  <FolderIcon />
                  {d.name}/
                </button>
              </td>
              <td className="px-4 py-1.5 text-right whitespace-nowrap text-zinc-500 dark:text-zinc-400 tabular-nums">{formatBytes(d.size)}</td>
              <td className="px-4 py-1.5 text-xs whitespace-nowrap text-zinc-500 dark:text-zinc-400">
                {d.count} {d.count === 1 ? "file" : "files"}
              </td>
              <td />
            </tr>
            {open ? (
              <FolderRows folder={d} depth={depth + 1} closed={closed} toggle={toggle} apiBase={apiBase} canDelete={canDelete} previewBase={previewBase} />
            ) : null}
          </FragmentRows>
        );
      })}
      {folder.files.map((f) => (
        <tr key={`f:${f.path}`} className="border-t border-zinc-200 hover:bg-zinc-50/70 dark:border-zinc-800 dark:hover:bg-zinc-800/40">
          <td className="w-full py-1.5 pr-4" style={indent}>
            <div className="flex items-center gap-1.5">
              <span aria-hidden className="inline-block w-3 shrink-0" />
              <FileIcon />
              {previewBase ? (
                <a
                  href={fileUrl(previewBase, f.path)}
                  title={`Preview ${f.path} (${f.contentType})`}
                  className="text-zinc-900 hover:underline [overflow-wrap:anywhere] dark:text-zinc-100"
                >
                  {f.name}
                </a>
              ) : (
                <span title={f.contentType} className="[overflow-wrap:anywhere]">
                  {f.name}
                </span>
              )}
            </div>
          </td>
          <td className="px-4 py-1.5 text-right whitespace-nowrap tabular-nums" title={`${f.size.toLocaleString("en")} bytes`}>
            {formatBytes(f.size)}
          </td>
          <td className="px-4 py-1.5 whitespace-nowrap">
            <ShaCell sha256={f.sha256} path={f.path} />
          </td>
          <td className="px-4 py-1.5 text-right whitespace-nowrap">
            <a
              href={fileUrl(apiBase, f.path)}
              download={f.name}
              className="rounded px-1.5 py-0.5 text-sm font-medium text-accent-600 hover:underline dark:text-accent-300"
              aria-label={`Download ${f.path}`}
            >
              Download
            </a>
            {canDelete ? <DeleteFile apiBase={apiBase} path={f.path} /> : null}
          </td>
        </tr>
      ))}
    </>
  );
}

function FragmentRows({ children }: { children: React.ReactNode }) {
  return <>{children}</>;
}

function ShaCell({ sha256, path }: { sha256: string; path: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(sha256);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false);
    }
  };
  return (
    <span className="inline-flex items-center gap-1.5">
      <code className="font-mono text-xs text-zinc-600 dark:text-zinc-400" title={sha256}>
        {sha256.slice(0, 12)}
      </code>
      <button
        type="button"
        onClick={copy}
        className="rounded px-1 text-xs text-zinc-500 dark:text-zinc-400 hover:bg-zinc-100 hover:text-zinc-800 dark:hover:bg-zinc-800 dark:hover:text-zinc-200"
        aria-label={`Copy the sha256 of ${path}`}
      >
        {copied ? "Copied" : "Copy"}
      </button>
      <span role="status" className="sr-only">
        {copied ? "Copied" : ""}
      </span>
    </span>
  );
}

function DeleteFile({ apiBase, path }: { apiBase: string; path: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [open, setOpen] = useState(false);
  const remove = async () => {
    setPending(true);
    setError(null);
    try {
      const res = await fetch(fileUrl(apiBase, path), { method: "DELETE", credentials: "same-origin" });
      if (!res.ok) {
        const body = await res.json().catch(() => null);
        setError(body?.error?.message ?? `Delete failed (${res.status})`);
        return;
      }
      setOpen(false);
      router.refresh();
    } catch {
      setError("The server could not be reached. Nothing was deleted.");
    } finally {
      setPending(false);
    }
  };
  return (
    <DialogRoot open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <button
          type="button"
          className="ml-1 rounded px-1.5 py-0.5 text-sm font-medium text-red-600 hover:underline dark:text-red-400"
          aria-label={`Delete ${path}`}
        >
          Delete
        </button>
      </DialogTrigger>
      <DialogContent
        title="Delete this file?"
        description={
          <>
            The file <code className="font-mono">{path}</code> is removed from this version. This cannot be undone.
          </>
        }
      >
        <div className="space-y-4">
          {error ? <Alert>{error}</Alert> : null}
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button variant="danger" onClick={remove} disabled={pending}>
              {pending ? "Deleting…" : "Delete file"}
            </Button>
          </div>
        </div>
      </DialogContent>
    </DialogRoot>
  );
}

function FolderIcon() {
  return (
    <svg aria-hidden viewBox="0 0 16 16" className="h-4 w-4 shrink-0 fill-amber-400 dark:fill-amber-500">
      <path d="M1.75 2.5h4.1c.46 0 .9.2 1.2.55l.9 1.05h6.3c.69 0 1.25.56 1.25 1.25v7.4c0 .69-.56 1.25-1.25 1.25H1.75C1.06 14 .5 13.44.5 12.75v-9C.5 3.06 1.06 2.5 1.75 2.5Z" />
    </svg>
  );
}

function FileIcon() {
  return (
    <svg aria-hidden viewBox="0 0 16 16" className="h-4 w-4 shrink-0 fill-none stroke-zinc-400" strokeWidth="1.2">
      <path d="M3.5 1.5h6l3 3v10h-9z" />
      <path d="M9.5 1.5v3h3" />
    </svg>
  );
}
