"use client";
// "Promote to model version": a Radix dialog offering only the models this user may promote the run into.
// Submitting through a transition keeps what the user typed when the server refuses (no form reset).
import { startTransition, useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { Input, Select, Textarea } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { initialFormState, type FormState } from "@/lib/forms";

export type TargetChoice = { owner: string; name: string; description: string; self: boolean };

type Props = {
  action: (prev: FormState, fd: FormData) => Promise<FormState>;
  targets: TargetChoice[];
  artifacts: { name: string; kind: string }[];
  runTags: string[];
  status: string;
};

export function PromoteDialog({ action, targets, artifacts, runTags, status }: Props) {
  const [state, dispatch, pending] = useActionState(action, initialFormState);
  const fe = state.fieldErrors ?? {};
  const v = state.values ?? {};
  // A refusal tied to a field shows under that field; anything else (a rule, a conflict) shows on top.
  const inline = (k: string) => ["project", "feature", "name", "description", "tags", "artifacts"].includes(k.split(".")[0]);
  const banner = state.message && !state.ok && !(Object.keys(fe).length && Object.keys(fe).every(inline));
  return (
    <DialogRoot>
      <DialogTrigger asChild>
        <Button className="w-full">Promote to model version</Button>
      </DialogTrigger>
      <DialogContent
        title="Promote to model version"
        description="The new version links back to this run and takes its metrics and params. It starts in the testing stage."
      >
        <form
          aria-label="Promote run"
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            const fd = new FormData(e.currentTarget);
            startTransition(() => dispatch(fd));
          }}
        >
          {banner ? <Alert>{state.message}</Alert> : null}
          {status !== "succeeded" ? <Alert tone="info">This run is {status}: its metrics may not be final.</Alert> : null}
          <Field
            label="Model"
            name="target"
            errors={fe.project ?? fe.feature}
            hint="Only models that accept runs of this project and where you are a member are listed."
          >
            {(p) => (
              <Select {...p} defaultValue={v.target ?? `${targets[0].owner}/${targets[0].name}`}>
                {targets.map((t) => (
                  <option key={t.name} value={`${t.owner}/${t.name}`}>
                    {t.owner}/{t.name}
                    {t.self ? " (this project)" : ""}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label="Version name" name="name" errors={fe.name} hint="Optional: left empty, the version is named v1, v2, … in order.">
            {(p) => <Input {...p} defaultValue={v.name ?? ""} placeholder="automatic (v{n})" autoComplete="off" className="font-mono text-[13px]" />}
          </Field>
          <Field label="Description" name="description" errors={fe.description}>
            {(p) => <Textarea {...p} rows={2} defaultValue={v.description ?? ""} placeholder="What changed in this version" />}
          </Field>
          <Field label="Tags" name="tags" errors={fe.tags ?? Object.entries(fe).find(([k]) => k.startsWith("tags."))?.[1]} hint="Comma-separated.">
            {(p) => <Input {...p} defaultValue={v.tags ?? runTags.join(", ")} autoComplete="off" />}
          </Field>
          {artifacts.length ? (
            <fieldset aria-describedby="promote-artifacts-error">
              <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Artifacts</legend>
              <div className="mt-1.5 space-y-1.5">
                {artifacts.map((a) => (
                  <label key={a.name} className="flex items-center gap-2 text-sm">
                    <input type="checkbox" name="artifacts" value={a.name} defaultChecked className="h-4 w-4 rounded border-zinc-300 accent-accent-600" />
                    <span className="font-medium">{a.name}</span>
                    <span className="text-xs text-zinc-500 dark:text-zinc-400">{a.kind}</span>
                  </label>
                ))}
              </div>
              <p id="promote-artifacts-error" aria-live="polite" className="mt-1 text-sm text-red-600 dark:text-red-400">
                {fe.artifacts?.join(" ") ?? null}
              </p>
            </fieldset>
          ) : null}
          <div className="flex justify-end gap-2 pt-1">
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" disabled={pending}>
              {pending ? "Promoting…" : "Promote"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
