"use client";
// The account page's two forms: profile (name, email) and password. Errors show beside their fields.
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { FormStatus, type FormAction } from "@/components/org/forms";
import { initialFormState } from "@/lib/forms";

export function ProfileForm({ action, name, email }: { action: FormAction; name: string; email: string }) {
  const [state, dispatch, pending] = useActionState(action, initialFormState);
  const fe = state.fieldErrors ?? {};
  const v = state.values ?? {};
  return (
    <form action={dispatch} noValidate aria-label="Profile" className="space-y-4">
      <Field label="Name" name="name" errors={fe.name} hint="Shown next to your username; may be empty.">
        {(p) => <Input {...p} defaultValue={v.name ?? name} maxLength={100} autoComplete="name" />}
      </Field>
      <Field label="Email" name="email" errors={fe.email} hint="For signing in with your email instead of your username.">
        {(p) => <Input {...p} type="email" defaultValue={v.email ?? email} maxLength={254} autoComplete="email" required />}
      </Field>
      <FormStatus state={state} />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save profile"}
      </Button>
    </form>
  );
}

export function PasswordForm({ action }: { action: FormAction }) {
  const [state, dispatch, pending] = useActionState(action, initialFormState);
  const fe = state.fieldErrors ?? {};
  // On success the action signs every browser out and sends this one to the sign-in page.
  return (
    <form action={dispatch} noValidate aria-label="Password" className="space-y-4">
      <Field label="Current password" name="currentPassword" errors={fe.currentPassword}>
        {(p) => <Input {...p} type="password" autoComplete="current-password" required />}
      </Field>
      <Field label="New password" name="newPassword" errors={fe.newPassword} hint="At least 10 characters.">
        {(p) => <Input {...p} type="password" autoComplete="new-password" minLength={10} required />}
      </Field>
      <Field
        label="Confirm new password"
        name="confirmPassword"
        errors={fe.confirmPassword}
        hint="Changing it signs you out everywhere, here too; access tokens keep working."
      >
        {(p) => <Input {...p} type="password" autoComplete="new-password" required />}
      </Field>
      <FormStatus state={state} />
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}
