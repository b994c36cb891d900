"use client";
// Drag-and-drop (files and whole folders) or a file input, one progress bar per file. Each file is
// PUT straight to the API from the browser (same origin, the session cookie) with XMLHttpRequest,
// whose upload events give real progress; the server streams it to storage and verifies nothing
// partial is kept.
import { useRouter } from "next/navigation";
import { useId, useRef, useState, type DragEvent } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { formatBytes } from "@/lib/storage/format";
import { fileUrl } from "./file-tree";

type Status = "queued" | "uploading" | "done" | "error" | "cancelled";
type Item = { id: number; file: File; path: string; loaded: number; status: Status; message?: string; xhr?: XMLHttpRequest };

type Props = { apiBase: string; maxFileSize: number };

let nextId = 1;

export function FileUploader({ apiBase, maxFileSize }: Props) {
  const router = useRouter();
  const inputId = useId();
  const folderId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [items, setItems] = useState<Item[]>([]);
  const [over, setOver] = useState(false);
  const [folder, setFolder] = useState("");
  const running = useRef(false);
  const queue = useRef<Item[]>([]);

  const update = (id: number, patch: Partial<Item>) => setItems((all) => all.map((it) => (it.id === id ? { ...it, ...patch } : it)));

  const enqueue = (entries: { file: File; path: string }[]) => {
    const prefix = folder.trim().replace(/^\/+|\/+$/g, "");
    const fresh: Item[] = entries.map(({ file, path }) => {
      const full = prefix ? `${prefix}/${path}` : path;
      const tooBig = file.size > maxFileSize;
      return {
        id: nextId++,
        file,
        path: full,
        loaded: 0,
        status: tooBig ? "error" : "queued",
        message: tooBig ? `Larger than the ${formatBytes(maxFileSize)} limit per file.` : undefined,
      };
    });
    setItems((all) => [...all, ...fresh]);
    queue.current.push(...fresh.filter((i) => i.status === "queued"));
    void drain();
  };

  const drain = async () => {
    if (running.current) return;
    running.current = true;
    let uploaded = 0;
    while (queue.current.length) {
      const item = queue.current.shift() as Item;
      if (await send(item)) uploaded++;
    }
    running.current = false;
    if (uploaded) router.refresh();
  };

  const send = (item: Item) =>
    new Promise<boolean>((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open("PUT", fileUrl(apiBase, item.path));
      if (item.file.type) xhr.setRequestHeader("content-type", item.file.type);
      xhr.upload.onprogress = (e) => update(item.id, { loaded: e.loaded });
      xhr.onload = () => {
        if (xhr.status === 200 || xhr.status === 201) {
          update(item.id, { status: "done", loaded: item.file.size, xhr: undefined });
          return resolve(true);
        }
        let message = `Upload failed (${xhr.status})`;
        try {
          message = JSON.parse(xhr.responseText)?.error?.message ?? message;
        } catch {}
        update(item.id, { status: "error", message, xhr: undefined });
        resolve(false);
      };
      xhr.onerror = () => {
        update(item.id, { status: "error", message: "The connection failed; nothing was stored.", xhr: undefined });
        resolve(false);
      };
      xhr.onabort = () => {
        update(item.id, { status: "cancelled", message: "Cancelled; nothing was stored.", xhr: undefined });
        resolve(false);
      };
      update(item.id, { status: "uploading", xhr });
      xhr.send(item.file);
    });

  const cancel = (item: Item) => {
    if (item.xhr) item.xhr.abort();
    else if (item.status === "queued") {
      queue.current = queue.current.filter((q) => q.id !== item.id);
      update(item.id, { status: "cancelled", message: "Cancelled." });
    }
  };

  const onDrop = async (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    enqueue(await droppedFiles(e.dataTransfer));
  };

  const active = items.some((i) => i.status === "uploading" || i.status === "queued");
  return (
    <div className="space-y-3">
      {/* biome-ignore lint/a11y/noStaticElementInteractions: a drop target for the mouse; the keyboard's way in is the file input inside it */}
      <div
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = "copy";
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        data-testid="file-drop-zone"
        className={cn(
          "flex flex-col items-center justify-center gap-2 rounded-lg border-2 border-dashed px-4 py-6 text-center text-sm transition-colors",
          over ? "border-accent-500 bg-accent-50 dark:bg-accent-700/20" : "border-zinc-300 dark:border-zinc-700",
        )}
      >
        <p className="text-zinc-600 dark:text-zinc-400">
          <span className="font-medium text-zinc-800 dark:text-zinc-200">Drop files or folders here</span> to upload them to this version
        </p>
        <div className="flex flex-wrap items-center justify-center gap-2">
          <label htmlFor={inputId} className="sr-only">
            Choose files to upload
          </label>
          <input
            ref={inputRef}
            id={inputId}
            type="file"
            multiple
            className="sr-only"
            tabIndex={-1}
            onChange={(e) => {
              const files = Array.from(e.target.files ?? []);
              enqueue(files.map((file) => ({ file, path: file.name })));
              e.target.value = "";
            }}
          />
          <Button variant="secondary" size="sm" onClick={() => inputRef.current?.click()}>
            Choose files…
          </Button>
          <span className="text-xs text-zinc-500 dark:text-zinc-400">up to {formatBytes(maxFileSize)} each</span>
        </div>
        <div className="mt-1 flex items-center gap-2">
          <label htmlFor={folderId} className="text-xs whitespace-nowrap text-zinc-600 dark:text-zinc-400">
            Into folder
          </label>
          <Input id={folderId} value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="(top level)" className="!h-8 w-48 text-xs" />
        </div>
      </div>
      {items.length ? (
        <ul aria-label="Uploads" className="space-y-2">
          {items.map((it) => (
            <UploadRow key={it.id} item={it} onCancel={() => cancel(it)} />
          ))}
        </ul>
      ) : null}
      {items.length && !active ? (
        <div className="flex justify-end">
          <Button variant="ghost" size="sm" onClick={() => setItems([])}>
            Clear list
          </Button>
        </div>
      ) : null}
    </div>
  );
}

function UploadRow({ item, onCancel }: { item: Item; onCancel: () => void }) {
  const pct = item.file.size ? Math.min(100, Math.round((item.loaded / item.file.size) * 100)) : item.status === "done" ? 100 : 0;
  const label = { queued: "Waiting", uploading: `${pct}%`, done: "Uploaded", error: "Failed", cancelled: "Cancelled" }[item.status];
  return (
    <li className="rounded-md border border-zinc-200 px-3 py-2 text-sm dark:border-zinc-800">
      <div className="flex items-center justify-between gap-3">
        <span className="min-w-0 truncate font-mono text-[13px]" title={item.path}>
          {item.path}
        </span>
        <span className="flex shrink-0 items-center gap-2 text-xs">
          <span className="text-zinc-500 dark:text-zinc-400 tabular-nums">{formatBytes(item.file.size)}</span>
          <span
            className={cn(
              "font-medium",
              item.status === "done" && "text-emerald-600 dark:text-emerald-400",
              (item.status === "error" || item.status === "cancelled") && "text-red-600 dark:text-red-400",
            )}
          >
            {label}
          </span>
          {item.status === "uploading" || item.status === "queued" ? (
            <button
              type="button"
              onClick={onCancel}
              className="rounded px-1 text-zinc-500 dark:text-zinc-400 hover:text-zinc-900 dark:hover:text-zinc-100"
              aria-label={`Cancel ${item.path}`}
            >
              Cancel
            </button>
          ) : null}
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={`Upload of ${item.path}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        className="mt-1.5 h-1.5 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800"
      >
        <div
          className={cn(
            "h-full rounded-full transition-[width]",
            item.status === "error" || item.status === "cancelled" ? "bg-red-500" : item.status === "done" ? "bg-emerald-500" : "bg-accent-500",
          )}
          style={{ width: `${item.status === "error" ? 100 : pct}%` }}
        />
      </div>
      {item.message ? (
        <p className="mt-1 text-xs text-red-600 dark:text-red-400" role="alert">
          {item.message}
        </p>
      ) : null}
    </li>
  );
}

/** Files from a drop, folders walked recursively so their relative paths are kept. */
async function droppedFiles(dt: DataTransfer): Promise<{ file: File; path: string }[]> {
  const entries = Array.from(dt.items ?? [])
    .map((i) => (i.kind === "file" && typeof i.webkitGetAsEntry === "function" ? i.webkitGetAsEntry() : null))
    .filter((e): e is FileSystemEntry => Boolean(e));
  if (!entries.length) return Array.from(dt.files).map((file) => ({ file, path: file.name }));
  const out: { file: File; path: string }[] = [];
  const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    if (entry.isFile) {
      const file = await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej));
      out.push({ file, path: prefix + entry.name });
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      // readEntries returns at most ~100 entries per call: read until it returns none.
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
        if (!batch.length) break;
        for (const child of batch) await walk(child, `${prefix}${entry.name}/`);
      }
    }
  };
  for (const e of entries) await walk(e, "");
  return out;
}
