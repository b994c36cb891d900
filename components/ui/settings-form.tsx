"use client";
// A settings form: one server action, the result inline, and what the user typed kept on failure
// (submitting through a transition skips React's automatic form reset).
import { startTransition, useActionState, type ReactNode } from "react";
import { Alert } from "./alert";
import { Button, type ButtonVariant } from "./button";
import { ConfirmLockout, needsConfirm } from "./confirm-lockout";
import { initialFormState, type FormState } from "@/lib/forms";

export function SettingsForm({
  action,
  children,
  submit = "Save",
  variant = "primary",
  label,
}: {
  action: (prev: FormState, fd: FormData) => Promise<FormState>;
  children: ReactNode;
  submit?: string;
  variant?: ButtonVariant;
  label?: string;
}) {
  const [state, dispatch, pending] = useActionState(action, initialFormState);
  const confirming = needsConfirm(state);
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
      {confirming ? <ConfirmLockout id={`${label ?? "settings"}-confirm`.replace(/\W+/g, "-")} /> : null}
      <Button type="submit" variant={confirming ? "danger" : variant} disabled={pending}>
        {pending ? "Saving…" : confirming ? "Confirm and save" : submit}
      </Button>
    </form>
  );
}
