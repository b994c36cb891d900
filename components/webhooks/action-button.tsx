"use client";
// One button that runs a bound server action and says what happened (ping, redeliver, turn on/off).
import { useActionState } from "react";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { initialFormState, type FormState } from "@/lib/forms";

export function ActionButton({
  action,
  label,
  variant = "secondary",
  accessibleName,
}: {
  action: (prev: FormState) => Promise<FormState>;
  label: string;
  variant?: ButtonVariant;
  accessibleName?: string;
}) {
  const [state, dispatch, pending] = useActionState(action, initialFormState);
  return (
    <form action={dispatch} className="inline-flex items-center gap-2">
      <Button type="submit" size="sm" variant={variant} disabled={pending} aria-label={accessibleName}>
        {pending ? "…" : label}
      </Button>
      {state.message ? (
        <span role="status" className={state.ok ? "text-xs text-emerald-700 dark:text-emerald-400" : "text-xs text-red-600 dark:text-red-400"}>
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
