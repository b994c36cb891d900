"use client";
// "Change stage": a Radix dialog with the stages this viewer may move the version into, a reason and a message.
// On a model that requires approval, a member is also offered the protected stages: choosing one sends a
// request that waits for a project admin (the dialog says so, and its button reads "Request approval").
import { useActionState, useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { Input, Select, Textarea } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { initialFormState, type FormState } from "@/lib/forms";
import { StageBadge } from "./stage-badge";

type Props = {
  action: (prev: FormState, fd: FormData) => Promise<FormState>;
  version: string;
  current: string;
  /** Stages the viewer may choose (the registry decides again on submit). */
  allowed: string[];
  /** Stages the viewer may only ask for: a project admin approves the move. */
  requestable?: string[];
  /** The protected stages, for the explanation. */
  protectedStages?: string[];
  /** Per exclusive stage: the versions entering it would retire, and where they go. */
  retires?: Record<string, { names: string[]; to: string }>;
};

export function StageChangeDialog({ action, version, current, allowed, requestable = [], protectedStages = [], retires = {} }: Props) {
  const [open, setOpen] = useState(false);
  const [state, dispatch, pending] = useActionState(action, initialFormState);
  const [notice, setNotice] = useState<string | null>(null);
  const choices = [...allowed, ...requestable];
  const [chosen, setChosen] = useState<string>(choices[0] ?? "");
  const asking = requestable.includes(chosen);
  const retiring = retires[chosen]?.names.length ? retires[chosen] : null;
  useEffect(() => {
    if (state.ok) {
      setOpen(false);
      setNotice(state.message ?? null);
    }
  }, [state]);
  const fe = state.ok ? {} : (state.fieldErrors ?? {});
  const v = state.ok ? {} : (state.values ?? {});
  useEffect(() => {
    if (!state.ok && state.values?.stage) setChosen(state.values.stage);
  }, [state]);
  return (
    <div className="space-y-2">
      <DialogRoot
        open={open}
        onOpenChange={(o) => {
          setOpen(o);
          if (o) setNotice(null);
        }}
      >
        <DialogTrigger asChild>
          <Button variant="secondary" className="w-full">
            Change stage
          </Button>
        </DialogTrigger>
        <DialogContent
          title={`Change the stage of ${version}`}
          description={
            <>
              Currently <StageBadge stage={current} className="mx-0.5 align-middle" /> — the change is recorded in the stage history.
            </>
          }
        >
          <form action={dispatch} className="space-y-4" aria-label="Change stage">
            {state.message && !state.ok ? <Alert>{state.message}</Alert> : null}
            <Field
              label="Move to"
              name="stage"
              errors={fe["condition.type"]}
              hint={
                requestable.length
                  ? `Moving into or out of ${protectedStages.join(", ") || "a protected stage"} needs a project admin's approval: your change waits for it.`
                  : undefined
              }
            >
              {(p) => (
                <Select {...p} value={chosen} onChange={(e) => setChosen(e.target.value)}>
                  {allowed.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                  {requestable.map((s) => (
                    <option key={s} value={s}>{`${s} (needs approval)`}</option>
                  ))}
                </Select>
              )}
            </Field>
            {retiring ? (
              <Alert tone="info">
                {chosen} holds one version: {retiring.names.join(", ")} will move to {retiring.to}
                {asking ? " when the request is approved." : " in the same change."}
              </Alert>
            ) : null}
            <Field label="Reason" name="reason" errors={fe["condition.reason"]} hint="Short, e.g. Passed offline evaluation">
              {(p) => <Input {...p} defaultValue={v.reason} maxLength={200} autoComplete="off" />}
            </Field>
            <Field label="Message" name="message" errors={fe["condition.message"]}>
              {(p) => <Textarea {...p} rows={3} defaultValue={v.message} maxLength={2000} placeholder="Optional details for the history" />}
            </Field>
            <div className="flex justify-end gap-2">
              <DialogClose asChild>
                <Button variant="secondary">Cancel</Button>
              </DialogClose>
              <Button type="submit" disabled={pending}>
                {pending ? (asking ? "Asking…" : "Moving…") : asking ? "Request approval" : "Change stage"}
              </Button>
            </div>
          </form>
        </DialogContent>
      </DialogRoot>
      {notice ? (
        <p role="status" className="text-xs text-emerald-700 dark:text-emerald-400">
          {notice}
        </p>
      ) : null}
    </div>
  );
}
