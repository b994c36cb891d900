"use client";
// General settings: display name and description; and, for owners, the rename form.
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Textarea } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { initialFormState } from "@/lib/forms";
import { FormStatus, type FormAction } from "./forms";

export function OrgProfileForm({ action, displayName, description }: { action: FormAction; displayName: string; description: string }) {
  const [state, dispatch, pending] = useActionState(action, initialFormState);
  const fe = state.fieldErrors ?? {};
  const v = state.values ?? {};
  return (
    <form action={dispatch} noValidate className="space-y-4">
      <Field label="Display name" name="displayName" errors={fe.displayName} hint="Shown in headings; the URL name does not change.">
        {(p) => <Input {...p} defaultValue={v.displayName ?? displayName} maxLength={100} />}
      </Field>
      <Field label="Description" name="description" errors={fe.description} hint="One or two sentences: what this organization's models are for.">
        {(p) => <Textarea {...p} rows={3} defaultValue={v.description ?? description} maxLength={500} />}
      </Field>
      <FormStatus state={state} />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save changes"}
      </Button>
    </form>
  );
}

export function OrgRenameForm({ action, name }: { action: FormAction; name: string }) {
  const [state, dispatch, pending] = useActionState(action, initialFormState);
  const fe = state.fieldErrors ?? {};
  return (
    <form action={dispatch} noValidate className="space-y-4">
      <Field
        label="Organization name"
        name="name"
        errors={fe.name}
        hint={
          <>
            Every model moves to the new <code>NAME/model</code> address; the old one stops working, and scripts and CLIs using it must be updated.
          </>
        }
      >
        {(p) => <Input {...p} defaultValue={state.values?.name ?? name} autoComplete="off" className="font-mono" />}
      </Field>
      <FormStatus state={state} />
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Renaming…" : "Rename"}
      </Button>
    </form>
  );
}
