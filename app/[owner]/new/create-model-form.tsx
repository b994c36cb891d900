"use client";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input, Select, Textarea } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { initialFormState } from "@/lib/forms";
import { createModelAction } from "./actions";

export function CreateModelForm({ owners, defaultOwner }: { owners: string[]; defaultOwner: string }) {
  const [state, action, pending] = useActionState(createModelAction, initialFormState);
  const v = state.values ?? {};
  const fe = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-5 rounded-xl border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      {state.message && !Object.keys(fe).length ? <Alert>{state.message}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-[12rem_1fr]">
        <Field label="Owner" name="owner" errors={fe.owner}>
          {(p) => (
            <Select {...p} defaultValue={v.owner ?? defaultOwner}>
              {owners.map((o) => <option key={o} value={o}>{o}</option>)}
            </Select>
          )}
        </Field>
        <Field label="Model name" name="name" errors={fe.name} hint="Lowercase letters, digits, '.', '_' and '-'.">
          {(p) => <Input {...p} defaultValue={v.name} placeholder="fraud-detector" required autoFocus />}
        </Field>
      </div>
      <Field label="Description" name="description" errors={fe.description}>
        {(p) => <Input {...p} defaultValue={v.description} placeholder="What the model does, in one line" />}
      </Field>
      <Field label="Tags" name="tags" errors={fe.tags} hint="Comma separated, e.g. nlp, classification">
        {(p) => <Input {...p} defaultValue={v.tags} />}
      </Field>
      <fieldset>
        <legend className="text-sm font-medium">Visibility</legend>
        <div className="mt-2 space-y-2 text-sm">
          <label className="flex items-start gap-2">
            <input type="radio" name="visibility" value="private" defaultChecked={v.visibility !== "public"} className="mt-1" />
            <span><strong>Private</strong> — only people with access in the organization.</span>
          </label>
          <label className="flex items-start gap-2">
            <input type="radio" name="visibility" value="public" defaultChecked={v.visibility === "public"} className="mt-1" />
            <span><strong>Public</strong> — anyone can read it, signed out included.</span>
          </label>
        </div>
      </fieldset>
      <Field label="README (model card)" name="readme" errors={fe.readme} hint="Markdown.">
        {(p) => <Textarea {...p} rows={8} defaultValue={v.readme} className="font-mono text-[13px]" placeholder={"# My model\n\nWhat it predicts, how it was trained, how to use it."} />}
      </Field>
      <div className="flex justify-end">
        <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create model"}</Button>
      </div>
    </form>
  );
}
