"use client";
// A button that asks first (remove a member, leave, revoke a token) and shows the refusal if any.
import { useActionState, useEffect, useState, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { initialFormState, type FormState } from "@/lib/forms";

export function ConfirmButton({
  action,
  label,
  title,
  description,
  confirmLabel,
  variant = "secondary",
  accessibleName,
}: {
  action: (prev: FormState) => Promise<FormState>;
  label: ReactNode;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  variant?: ButtonVariant;
  /** For a row of identical buttons: "Remove bob". */
  accessibleName?: string;
}) {
  const [open, setOpen] = useState(false);
  const [state, dispatch, pending] = useActionState(action, initialFormState);
  useEffect(() => {
    if (state.ok) setOpen(false);
  }, [state]);
  return (
    <DialogRoot open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant={variant} size="sm" aria-label={accessibleName}>
          {label}
        </Button>
      </DialogTrigger>
      <DialogContent title={title} description={description}>
        <form action={dispatch} className="space-y-4">
          {!state.ok && state.message ? <Alert>{state.message}</Alert> : null}
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" variant="danger" disabled={pending}>
              {pending ? "Working…" : confirmLabel}
            </Button>
          </div>
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
