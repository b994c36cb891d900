"use client";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { initialFormState, type FormState } from "@/lib/forms";

export function StageForm({ action, current, allowed }: { action: (prev: FormState, fd: FormData) => Promise<FormState>; current: string; allowed: string[] }) {
  const [state, dispatch, pending] = useActionState(action, initialFormState);
  const fe = state.fieldErrors ?? {};
  return (
    <form action={dispatch} className="space-y-3" aria-label="Change stage">
      {state.message ? <Alert tone={state.ok ? "success" : "error"}>{state.message}</Alert> : null}
      <Field label="Move to" name="stage" errors={fe["condition.type"]}>
        {(p) => (
          <Select {...p} defaultValue={allowed.find((s) => s !== current) ?? current}>
            {allowed.filter((s) => s !== current).map((s) => <option key={s} value={s}>{s}</option>)}
          </Select>
        )}
      </Field>
      <Field label="Reason" name="reason" errors={fe["condition.reason"]}>
        {(p) => <Input {...p} placeholder="e.g. Passed offline evaluation" />}
      </Field>
      <Field label="Message" name="message" errors={fe["condition.message"]}>
        {(p) => <Input {...p} placeholder="Optional details" />}
      </Field>
      <Button type="submit" disabled={pending}>{pending ? "Moving…" : "Change stage"}</Button>
    </form>
  );
}
