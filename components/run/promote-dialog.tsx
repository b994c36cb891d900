"use client";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { Input, Select } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { initialFormState, type FormState } from "@/lib/forms";

export function PromoteDialog({ action, targets, owner, artifacts }: { action: (prev: FormState, fd: FormData) => Promise<FormState>; targets: string[]; owner: string; artifacts: string[] }) {
  const [state, dispatch, pending] = useActionState(action, initialFormState);
  const fe = state.fieldErrors ?? {};
  return (
    <DialogRoot>
      <DialogTrigger asChild>
        <Button>Promote to model version</Button>
      </DialogTrigger>
      <DialogContent title="Promote to a model version" description="The version links back to this run and takes its metrics and params.">
        <form action={dispatch} className="space-y-4">
          {state.message ? <Alert>{state.message}</Alert> : null}
          <Field label="Model" name="target" errors={fe.project}>
            {(p) => <Select {...p}>{targets.map((t) => <option key={t} value={`${owner}/${t}`}>{owner}/{t}</option>)}</Select>}
          </Field>
          <Field label="Version name" name="name" errors={fe.name} hint="Leave empty for the next v{n}.">
            {(p) => <Input {...p} placeholder="v13" />}
          </Field>
          <Field label="Description" name="description" errors={fe.description}>
            {(p) => <Input {...p} />}
          </Field>
          <Field label="Tags" name="tags" errors={fe.tags}>
            {(p) => <Input {...p} placeholder="comma, separated" />}
          </Field>
          {artifacts.length ? (
            <fieldset>
              <legend className="text-sm font-medium">Artifacts</legend>
              <div className="mt-1 flex flex-wrap gap-3 text-sm">
                {artifacts.map((a) => <label key={a} className="flex items-center gap-1.5"><input type="checkbox" name="artifacts" value={a} defaultChecked /> {a}</label>)}
              </div>
            </fieldset>
          ) : null}
          <div className="flex justify-end gap-2">
            <DialogClose asChild><Button variant="secondary">Cancel</Button></DialogClose>
            <Button type="submit" disabled={pending}>{pending ? "Promoting…" : "Promote"}</Button>
          </div>
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
