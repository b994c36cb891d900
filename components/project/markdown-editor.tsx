"use client";
// A markdown textarea with a Preview tab; the preview is rendered and sanitised on the server
// (the same renderer as the model page), so what you see is what readers get.
import { useState, useTransition } from "react";
import { Textarea } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";

type Props = {
  id: string;
  name: string;
  label: string;
  defaultValue?: string;
  rows?: number;
  placeholder?: string;
  describedBy?: string;
  preview: (source: string) => Promise<string>;
};

export function MarkdownEditor({ id, name, label, defaultValue = "", rows = 14, placeholder, describedBy, preview }: Props) {
  const [tab, setTab] = useState<"write" | "preview">("write");
  const [value, setValue] = useState(defaultValue);
  const [html, setHtml] = useState("");
  const [pending, start] = useTransition();
  const showPreview = () => {
    setTab("preview");
    start(async () => setHtml(await preview(value)));
  };
  const tabClass = (active: boolean) =>
    cn(
      "rounded-t-md border-b-2 px-3 py-1.5 text-sm font-medium",
      active
        ? "border-accent-600 text-zinc-900 dark:text-zinc-100"
        : "border-transparent text-zinc-500 dark:text-zinc-400 hover:text-zinc-800 dark:hover:text-zinc-200",
    );
  return (
    <div className="space-y-1.5">
      <div className="flex items-end justify-between gap-2">
        <label htmlFor={id} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
          {label}
        </label>
        <div role="tablist" aria-label="Editor mode" className="flex gap-1">
          <button type="button" role="tab" aria-selected={tab === "write"} className={tabClass(tab === "write")} onClick={() => setTab("write")}>
            Write
          </button>
          <button type="button" role="tab" aria-selected={tab === "preview"} className={tabClass(tab === "preview")} onClick={showPreview}>
            Preview
          </button>
        </div>
      </div>
      <Textarea
        id={id}
        name={name}
        rows={rows}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        placeholder={placeholder}
        aria-describedby={describedBy}
        className={cn("font-mono text-[13px]", tab === "preview" && "hidden")}
      />
      {tab === "preview" ? (
        <div
          role="tabpanel"
          aria-label="Preview"
          aria-busy={pending}
          className="min-h-40 rounded-md border border-zinc-200 bg-white px-4 py-3 dark:border-zinc-800 dark:bg-zinc-950"
        >
          {pending ? (
            <p className="text-sm text-zinc-500 dark:text-zinc-400">Rendering…</p>
          ) : value.trim() ? (
            /* biome-ignore lint/security/noDangerouslySetInnerHtml: renderMarkdown sanitises (lib/markdown: sanitize-html allow-list) */
            <div className="prose-md" dangerouslySetInnerHTML={{ __html: html }} />
          ) : (
            <p className="text-sm text-zinc-500 dark:text-zinc-400">Nothing to preview.</p>
          )}
        </div>
      ) : null}
    </div>
  );
}
