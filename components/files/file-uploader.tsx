"use client";
// Drag-and-drop (files and whole folders) or a file input, one progress bar per file. Each file is sent with
// XMLHttpRequest, whose upload events give real progress. Two ways:
// - through the app: PUT to the version's file route (same origin, the session cookie); the server streams it
//   to storage and verifies nothing partial is kept;
// - straight to the bucket (`direct`, when the store is S3: lib/registry/direct-uploads.ts): the file's SHA-256
//   is computed here first ("Checking", streamed in slices), the plan (`…/uploads`) says per file: nothing to
//   send, a presigned PUT to the bucket, or through the app; after the PUT, `…/uploads/commit` has the server
//   read the staged object back and check sha256 and size before the file is recorded. A PUT the bucket's CORS
//   refuses (status 0) falls back to the app, for that file and the rest of the session.
import { useRouter } from "next/navigation";
import { useId, useRef, useState, type DragEvent } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { formatBytes } from "@/lib/storage/format";
import { fileUrl } from "./file-tree";
import { sha256Blob } from "./sha256";

type Status = "queued" | "checking" | "uploading" | "done" | "error" | "cancelled";
type Item = { id: number; file: File; path: string; loaded: number; status: Status; message?: string; abort?: () => void };
type Answer = { path: string; action: "none" | "put" | "app" | "error"; url?: string; status?: number; message?: string };

type Props = { apiBase: string; maxFileSize: number; direct?: boolean };

let nextId = 1;
/** Set once a PUT to the bucket failed at the network level (no CORS rule for us): the app for the rest of the session. */
let bucketUnreachable = false;

class Cancelled extends Error {}
class BucketUnreachable extends Error {}
class Failed extends Error {}

const apiMessage = (text: string, fallback: string) => {
  try {
    return JSON.parse(text)?.error?.message ?? fallback;
  } catch {
    return fallback;
  }
};

export function FileUploader({ apiBase, maxFileSize, direct = false }: Props) {
  const router = useRouter();
  const inputId = useId();
  const folderId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [items, setItems] = useState<Item[]>([]);
  const [over, setOver] = useState(false);
  const [folder, setFolder] = useState("");
  const running = useRef(false);
  const queue = useRef<Item[]>([]);
  // The version's API root (…/versions/<kind>/<name>), where the plan and the commit live.
  const versionApi = apiBase.replace(/\/files$/, "");

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

  /** One file, start to end; true when it was stored. Every phase can be cancelled (item.abort). */
  const send = async (item: Item): Promise<boolean> => {
    try {
      if (direct && !bucketUnreachable) await sendDirect(item);
      else await put(item, fileUrl(apiBase, item.path), { app: true });
      update(item.id, { status: "done", loaded: item.file.size, abort: undefined });
      return true;
    } catch (err) {
      if (err instanceof Cancelled || (err instanceof DOMException && err.name === "AbortError")) {
        update(item.id, { status: "cancelled", message: "Cancelled; nothing was stored.", abort: undefined });
      } else {
        update(item.id, { status: "error", message: err instanceof Failed ? err.message : "The upload failed; nothing was stored.", abort: undefined });
      }
      return false;
    }
  };

  const sendDirect = async (item: Item) => {
    const ctl = new AbortController();
    update(item.id, { status: "checking", loaded: 0, abort: () => ctl.abort() });
    const sha256 = await sha256Blob(item.file, { signal: ctl.signal, onProgress: (loaded) => update(item.id, { loaded }) });
    const declared = { files: [{ path: item.path, size: item.file.size, sha256 }] };
    const answer = (await post(`${versionApi}/uploads`, declared, ctl.signal)) as { files?: Answer[] };
    const a = answer.files?.[0];
    if (!a || a.action === "app") return put(item, fileUrl(apiBase, item.path), { app: true, sha256 });
    if (a.action === "error") throw new Failed(a.message ?? `The server refused this file (${a.status ?? 400}).`);
    if (a.action === "put" && a.url) {
      try {
        await put(item, a.url, { app: false });
      } catch (err) {
        if (!(err instanceof BucketUnreachable)) throw err;
        bucketUnreachable = true;
        console.warn(
          "Modelreg: the bucket refused the browser's upload (is its CORS rule set? See the README's S3 section); uploading through the app instead.",
        );
        return put(item, fileUrl(apiBase, item.path), { app: true, sha256 });
      }
    }
    // `none` (already available to this model) or after the PUT: the server checks the staged bytes, then records.
    const commit = new AbortController();
    update(item.id, { abort: () => commit.abort() });
    await post(`${versionApi}/uploads/commit`, declared, commit.signal);
  };

  /** A JSON POST to the API (same origin, the session cookie); a refusal becomes its message. */
  const post = async (url: string, body: unknown, signal: AbortSignal) => {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal });
    const text = await res.text();
    if (!res.ok) throw new Failed(apiMessage(text, `Upload failed (${res.status})`));
    return JSON.parse(text) as unknown;
  };

  /** PUT the file's bytes with progress: to the app's file route, or to a presigned URL (no credentials, no extra headers). */
  const put = (item: Item, url: string, opts: { app: boolean; sha256?: string }) =>
    new Promise<void>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("PUT", url);
      if (opts.app) {
        if (item.file.type) xhr.setRequestHeader("content-type", item.file.type);
        if (opts.sha256) xhr.setRequestHeader("x-checksum-sha256", opts.sha256);
      }
      xhr.upload.onprogress = (e) => update(item.id, { loaded: e.loaded });
      xhr.onload = () => {
        if (xhr.status >= 200 && xhr.status < 300) return resolve();
        if (!opts.app && xhr.status === 0) return reject(new BucketUnreachable());
        reject(
          new Failed(
            opts.app ? apiMessage(xhr.responseText, `Upload failed (${xhr.status})`) : `The bucket refused the upload (${xhr.status}); nothing was stored.`,
          ),
        );
      };
      xhr.onerror = () => reject(opts.app ? new Failed("The connection failed; nothing was stored.") : new BucketUnreachable());
      xhr.onabort = () => reject(new Cancelled());
      update(item.id, { status: "uploading", loaded: 0, abort: () => xhr.abort() });
      // A Blob body: the browser sends it with its own Content-Length and type (an empty type sends none).
      xhr.send(opts.app ? item.file : new Blob([item.file]));
    });

  const cancel = (item: Item) => {
    if (item.abort) item.abort();
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

  const active = items.some((i) => i.status === "checking" || i.status === "uploading" || i.status === "queued");
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
  const label = { queued: "Waiting", checking: `Checking ${pct}%`, uploading: `${pct}%`, done: "Uploaded", error: "Failed", cancelled: "Cancelled" }[
    item.status
  ];
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
          {item.status === "checking" || item.status === "uploading" || item.status === "queued" ? (
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
        aria-valuetext={item.status === "checking" ? `Checking ${pct}%` : undefined}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        className="mt-1.5 h-1.5 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800"
      >
        <div
          className={cn(
            "h-full rounded-full transition-[width]",
            item.status === "error" || item.status === "cancelled"
              ? "bg-red-500"
              : item.status === "done"
                ? "bg-emerald-500"
                : item.status === "checking"
                  ? "bg-zinc-400 dark:bg-zinc-500"
                  : "bg-accent-500",
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
