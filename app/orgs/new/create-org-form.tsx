"use client";
import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input, Textarea } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { initialFormState } from "@/lib/forms";
import { createOrgAction } from "./actions";

/** "Acme Research Lab" → "acme-research-lab": a suggestion while the name field is untouched. */
const slugify = (s: string) =>
  s
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 39)
    .replace(/-+$/, "");

export function CreateOrgForm() {
  const [state, dispatch, pending] = useActionState(createOrgAction, initialFormState);
  const v = state.values ?? {};
  const fe = state.fieldErrors ?? {};
  const [display, setDisplay] = useState(v.displayName ?? "");
  const [name, setName] = useState<string | null>(v.name ?? null);
  const general = state.message && !Object.keys(fe).length ? state.message : null;
  return (
    <form action={dispatch} noValidate className="space-y-5">
      {general ? <Alert>{general}</Alert> : null}
      <Field label="Display name" name="displayName" errors={fe.displayName}>
        {(p) => <Input {...p} value={display} onChange={(e) => setDisplay(e.target.value)} placeholder="Acme Research" autoFocus maxLength={100} />}
      </Field>
      <Field
        label="Organization name"
        name="name"
        errors={fe.name}
        hint={
          <>
            The URL and the OWNER in <code>OWNER/model</code>: 2–39 lowercase letters, digits or hyphens.
          </>
        }
      >
        {(p) => (
          <div className="flex items-center rounded-md shadow-sm">
            <span className="flex h-9 items-center rounded-l-md border border-r-0 border-zinc-300 bg-zinc-50 px-3 text-sm text-zinc-500 dark:text-zinc-400 dark:border-zinc-700 dark:bg-zinc-800">
              /
            </span>
            <Input
              {...p}
              className="rounded-l-none font-mono shadow-none"
              value={name ?? slugify(display)}
              onChange={(e) => setName(e.target.value)}
              autoComplete="off"
              required
            />
          </div>
        )}
      </Field>
      <Field label="Description" name="description" errors={fe.description} hint="Optional. What the organization's models are for.">
        {(p) => <Textarea {...p} rows={3} defaultValue={v.description} maxLength={500} />}
      </Field>
      <div className="flex items-center justify-between gap-4 border-t border-zinc-200 pt-5 dark:border-zinc-800">
        <p className="text-xs text-zinc-500 dark:text-zinc-400">You become its owner; add members and teams next.</p>
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create organization"}
        </Button>
      </div>
    </form>
  );
}
