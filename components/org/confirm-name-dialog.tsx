"use client";
// The danger zone's delete: a red-bordered panel whose button opens a dialog asking for the name.
import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { Alert } from "@/components/ui/alert";
import { initialFormState } from "@/lib/forms";
import type { FormAction } from "./forms";

export function DangerDelete({
  action,
  name,
  what,
  consequences,
}: {
  action: FormAction;
  /** What the user must type. */
  name: string;
  /** "organization", "team" */
  what: string;
  consequences: string;
}) {
  const [typed, setTyped] = useState("");
  const [state, dispatch, pending] = useActionState(action, initialFormState);
  const fe = state.fieldErrors ?? {};
  return (
    <section className="rounded-lg border border-red-300 bg-white dark:border-red-900/70 dark:bg-zinc-900" aria-labelledby={`delete-${what}`}>
      <div className="flex flex-wrap items-center justify-between gap-4 px-5 py-4">
        <div className="min-w-0">
          <h3 id={`delete-${what}`} className="font-semibold">
            Delete this {what}
          </h3>
          <p className="mt-0.5 text-sm text-zinc-600 dark:text-zinc-400">{consequences}</p>
        </div>
        <DialogRoot onOpenChange={() => setTyped("")}>
          <DialogTrigger asChild>
            <Button variant="danger">Delete {what}</Button>
          </DialogTrigger>
          <DialogContent
            title={`Delete ${name}?`}
            description={
              <>
                {consequences} This cannot be undone. Type <strong className="font-mono">{name}</strong> to confirm.
              </>
            }
          >
            <form action={dispatch} className="space-y-4">
              {!state.ok && state.message && !fe.confirm ? <Alert>{state.message}</Alert> : null}
              <Field label={`${what[0].toUpperCase()}${what.slice(1)} name`} name="confirm" errors={fe.confirm}>
                {(p) => <Input {...p} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" autoFocus />}
              </Field>
              <div className="flex justify-end gap-2">
                <DialogClose asChild>
                  <Button variant="secondary">Cancel</Button>
                </DialogClose>
                <Button type="submit" variant="danger" disabled={pending || typed.trim().toLowerCase() !== name}>
                  {pending ? "Deleting…" : `Delete ${what}`}
                </Button>
              </div>
            </form>
          </DialogContent>
        </DialogRoot>
      </div>
    </section>
  );
}
