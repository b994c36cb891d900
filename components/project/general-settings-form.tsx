"use client";
// General settings of a model: name (rename), description, tags, visibility and the model card.
import { startTransition, useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { initialFormState, type FormState } from "@/lib/forms";
import { MarkdownEditor } from "./markdown-editor";
import { VisibilityFieldset } from "./visibility-fieldset";

type Props = {
  action: (prev: FormState, fd: FormData) => Promise<FormState>;
  preview: (source: string) => Promise<string>;
  owner: string;
  project: { name: string; description: string; tags: string[]; isPublic: boolean; readme: string };
};

export function GeneralSettingsForm({ action, preview, owner, project }: Props) {
  const [state, dispatch, pending] = useActionState(action, initialFormState);
  const fe = state.fieldErrors ?? {};
  const v = state.values ?? {};
  const visibility = v.visibility ?? (project.isPublic ? "public" : "private");
  return (
    <form
      aria-label="General settings"
      className="space-y-5"
      onSubmit={(e) => {
        // A transition keeps the fields as typed (React resets a form after a plain action submit).
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        startTransition(() => dispatch(fd));
      }}
    >
      {state.message ? <Alert tone={state.ok ? "success" : "error"}>{state.message}</Alert> : null}
      <Field
        label="Model name"
        name="name"
        errors={fe.name}
        hint={
          <>
            Renaming changes the model&apos;s address: <code>{owner}/&lt;name&gt;</code>. Old links stop working.
          </>
        }
      >
        {(p) => <Input {...p} defaultValue={v.name ?? project.name} required className="max-w-sm font-mono text-[13px]" />}
      </Field>
      <Field label="Description" name="description" errors={fe.description}>
        {(p) => <Input {...p} defaultValue={v.description ?? project.description} placeholder="What the model does, in one line" />}
      </Field>
      <Field label="Tags" name="tags" errors={fe.tags ?? fe["tags.0"]} hint="Comma separated, e.g. nlp, classification">
        {(p) => <Input {...p} defaultValue={v.tags ?? project.tags.join(", ")} />}
      </Field>
      <VisibilityFieldset owner={owner} value={visibility} />
      <MarkdownEditor
        id="field-readme"
        name="readme"
        label="README (model card, markdown)"
        defaultValue={v.readme ?? project.readme}
        preview={preview}
        placeholder={"# My model\n\nWhat it predicts, how it was trained, how to use it."}
      />
      {fe.readme ? (
        <p role="alert" className="text-sm text-red-600">
          {fe.readme.join(" ")}
        </p>
      ) : null}
      <div className="flex justify-end border-t border-zinc-200 pt-4 dark:border-zinc-800">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </Button>
      </div>
    </form>
  );
}
