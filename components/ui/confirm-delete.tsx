"use client";
// A destructive action behind a dialog that asks the user to type the name of what goes away.
import { useActionState, useState } from "react";
import { Alert } from "./alert";
import { Button } from "./button";
import { DialogClose, DialogContent, DialogRoot, DialogTrigger } from "./dialog";
import { Input } from "./input";
import { initialFormState, type FormState } from "@/lib/forms";

export function ConfirmDelete({
  name,
  what,
  action,
  label = "Delete",
}: {
  name: string;
  what: string;
  action: (prev: FormState) => Promise<FormState>;
  label?: string;
}) {
  const [typed, setTyped] = useState("");
  const [state, dispatch, pending] = useActionState(action, initialFormState);
  return (
    <DialogRoot>
      <DialogTrigger asChild>
        <Button variant="danger">{label}</Button>
      </DialogTrigger>
      <DialogContent title={`Delete ${what} ${name}?`} description={`This cannot be undone. Type ${name} to confirm.`}>
        <form action={dispatch} className="space-y-4">
          {state.message ? <Alert>{state.message}</Alert> : null}
          <label htmlFor="confirm-name" className="sr-only">
            Name to confirm
          </label>
          <Input id="confirm-name" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" placeholder={name} />
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" variant="danger" disabled={typed !== name || pending}>
              {pending ? "Deleting…" : `Delete ${what}`}
            </Button>
          </div>
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
