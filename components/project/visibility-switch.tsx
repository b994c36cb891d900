"use client";
// Changing a model's visibility, behind a dialog that says what changes for whom.
import { useActionState, useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { initialFormState, type FormState } from "@/lib/forms";

type Props = { name: string; isPublic: boolean; action: (prev: FormState) => Promise<FormState> };

export function VisibilitySwitch({ name, isPublic, action }: Props) {
  const [state, dispatch, pending] = useActionState(action, initialFormState);
  const [open, setOpen] = useState(false);
  const to = isPublic ? "private" : "public";
  // Close once the change is saved (the page re-renders with the new visibility behind it).
  useEffect(() => {
    if (state.ok) setOpen(false);
  }, [state]);
  return (
    <div className="space-y-3">
      {state.message ? <Alert tone={state.ok ? "success" : "error"}>{state.message}</Alert> : null}
      <DialogRoot open={open} onOpenChange={setOpen}>
        <DialogTrigger asChild>
          <Button variant={isPublic ? "secondary" : "primary"}>Make {to}</Button>
        </DialogTrigger>
        <DialogContent
          title={`Make ${name} ${to}?`}
          description={
            isPublic
              ? "Only people with access in the organization, and those granted access, will see it. Links shared outside stop working; signed-out readers get a 404."
              : "Anyone will be able to read the model card, versions, their metadata and files — signed out included. Only people with access can change anything."
          }
        >
          <form action={dispatch} className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" variant={isPublic ? "danger" : "primary"} disabled={pending}>
              {pending ? "Saving…" : `Yes, make it ${to}`}
            </Button>
          </form>
        </DialogContent>
      </DialogRoot>
    </div>
  );
}
