"use client";
// The create-model form: owner, name, description, tags, visibility and the model card.
import { startTransition, useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { initialFormState } from "@/lib/forms";
import { MarkdownEditor } from "@/components/project/markdown-editor";
import { previewMarkdownAction } from "@/components/project/markdown-preview-action";
import { VisibilityFieldset } from "@/components/project/visibility-fieldset";
import { createModelAction } from "./actions";

export function CreateModelForm({ owners, defaultOwner }: { owners: string[]; defaultOwner: string }) {
  const [state, action, pending] = useActionState(createModelAction, initialFormState);
  const v = state.values ?? {};
  const fe = state.fieldErrors ?? {};
  const shownElsewhere = ["owner", "name", "description", "tags", "readme"].some((k) => fe[k]?.length);
  return (
    <form
      aria-label="Create a model"
      onSubmit={(e) => {
        // A transition keeps what was typed when the server refuses (a plain action submit resets the form).
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        startTransition(() => action(fd));
      }}
      className="space-y-5 rounded-xl border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      {state.message && !shownElsewhere ? <Alert>{state.message}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-[12rem_auto_1fr] sm:items-start">
        <Field label="Owner" name="owner" errors={fe.owner}>
          {(p) => (
            <Select {...p} defaultValue={v.owner ?? defaultOwner}>
              {owners.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <span aria-hidden className="hidden pt-8 text-lg text-zinc-400 sm:block">
          /
        </span>
        <Field label="Model name" name="name" errors={fe.name} hint="Lowercase letters, digits, '.', '_' and '-'; unique in the owner.">
          {(p) => <Input {...p} defaultValue={v.name} placeholder="fraud-detector" required autoFocus autoComplete="off" className="font-mono text-[13px]" />}
        </Field>
      </div>
      <Field label="Description" name="description" errors={fe.description}>
        {(p) => <Input {...p} defaultValue={v.description} placeholder="What the model does, in one line" />}
      </Field>
      <Field label="Tags" name="tags" errors={fe.tags ?? fe["tags.0"]} hint="Comma separated, e.g. nlp, classification">
        {(p) => <Input {...p} defaultValue={v.tags} />}
      </Field>
      <VisibilityFieldset owner={v.owner ?? defaultOwner} value={v.visibility ?? "private"} />
      <MarkdownEditor
        id="field-readme"
        name="readme"
        label="README (model card)"
        defaultValue={v.readme}
        rows={10}
        preview={previewMarkdownAction}
        placeholder={"# My model\n\nWhat it predicts, how it was trained, how well it works, how to use it."}
      />
      {fe.readme ? (
        <p role="alert" className="text-sm text-red-600">
          {fe.readme.join(" ")}
        </p>
      ) : null}
      <div className="flex items-center justify-between gap-3 border-t border-zinc-200 pt-4 dark:border-zinc-800">
        <p className="text-xs text-zinc-500 dark:text-zinc-400">You can change everything later in the model&apos;s settings.</p>
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create model"}
        </Button>
      </div>
    </form>
  );
}
