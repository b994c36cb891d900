"use client";
// "Transfer or copy": moves the version to another model of the organization, or copies it (there or here).
import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { Input, Select } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { initialFormState, type FormState } from "@/lib/forms";

type Props = {
  action: (prev: FormState, fd: FormData) => Promise<FormState>;
  version: string;
  /** This model's name (a copy may stay here; a transfer may not). */
  project: string;
  /** Models of the organization the viewer administers. */
  targets: string[];
};

export function MoveDialog({ action, version, project, targets }: Props) {
  const [state, dispatch, pending] = useActionState(action, initialFormState);
  const [mode, setMode] = useState<"transfer" | "copy">((state.values?.mode as "copy") ?? "transfer");
  const choices = mode === "transfer" ? targets.filter((t) => t !== project) : targets;
  const fe = state.fieldErrors ?? {};
  return (
    <DialogRoot>
      <DialogTrigger asChild>
        <Button variant="secondary" className="w-full">
          Transfer or copy…
        </Button>
      </DialogTrigger>
      <DialogContent title={`Transfer or copy ${version}`} description="Within this organization, into models you administer.">
        <form action={dispatch} className="space-y-4" aria-label="Transfer or copy">
          {state.message && !state.ok ? <Alert>{state.message}</Alert> : null}
          <fieldset className="grid grid-cols-2 gap-2">
            <legend className="sr-only">What to do</legend>
            {(["transfer", "copy"] as const).map((m) => (
              <label
                key={m}
                className={`flex cursor-pointer items-start gap-2 rounded-md border p-3 text-sm ${mode === m ? "border-accent-500 bg-accent-50 dark:bg-accent-700/20" : "border-zinc-300 dark:border-zinc-700"}`}
              >
                <input
                  type="radio"
                  name="mode"
                  value={m}
                  checked={mode === m}
                  onChange={() => setMode(m)}
                  aria-describedby={`move-${m}-hint`}
                  className="mt-0.5 accent-accent-600"
                />
                <span>
                  <span className="font-medium">{m === "transfer" ? "Transfer" : "Copy"}</span>
                  <span id={`move-${m}-hint`} className="block text-xs text-zinc-500 dark:text-zinc-400">
                    {m === "transfer" ? "Move it, with its history and files." : "A new version at testing, same metadata and files."}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
          {choices.length === 0 ? (
            <Alert tone="info">You administer no other model of this organization.</Alert>
          ) : (
            <Field label="Target model" name="project" errors={fe.project}>
              {(p) => (
                <Select {...p} defaultValue={state.values?.project ?? choices.find((c) => c !== project) ?? choices[0]} key={mode}>
                  {choices.map((c) => (
                    <option key={c} value={c}>
                      {c === project ? `${c} (this model)` : c}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          )}
          {mode === "copy" ? (
            <Field label="Name of the copy" name="name" errors={fe.name} hint={`Empty: ${version} in another model, the next v{n} in this one.`}>
              {(p) => <Input {...p} defaultValue={state.values?.name} autoComplete="off" className="font-mono text-[13px]" />}
            </Field>
          ) : null}
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" disabled={pending || choices.length === 0}>
              {pending ? "Working…" : mode === "transfer" ? "Transfer version" : "Copy version"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
