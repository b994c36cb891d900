"use client";
// A settings form: one server action, the result inline, and what the user typed kept on failure
// (submitting through a transition skips React's automatic form reset).
import { startTransition, useActionState, type ReactNode } from "react";
import { Alert } from "./alert";
import { Button, type ButtonVariant } from "./button";
import { initialFormState, type FormState } from "@/lib/forms";

export function SettingsForm({ action, children, submit = "Save", variant = "primary", label }: { action: (prev: FormState, fd: FormData) => Promise<FormState>; children: ReactNode; submit?: string; variant?: ButtonVariant; label?: string }) {
  const [state, dispatch, pending] = useActionState(action, initialFormState);
  return (
    <form
      aria-label={label}
      className="space-y-5"
      onSubmit={(e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        startTransition(() => dispatch(fd));
      }}
    >
      {state.message ? <Alert tone={state.ok ? "success" : "error"}>{state.message}</Alert> : null}
      {children}
      <Button type="submit" variant={variant} disabled={pending}>{pending ? "Saving…" : submit}</Button>
    </form>
  );
}
