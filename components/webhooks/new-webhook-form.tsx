"use client";
// Create a webhook: URL, events (all, or chosen), description; the answer shows the secret once.
import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import type { WebhookScope } from "@/lib/registry/webhooks";
import { createWebhookAction, type SecretState } from "./actions";
import { SecretOnce } from "./secret-once";

export function NewWebhookForm({ scope, events }: { scope: WebhookScope; events: string[] }) {
  const [state, dispatch, pending] = useActionState<SecretState, FormData>(createWebhookAction.bind(null, scope), { ok: false });
  const [all, setAll] = useState(true);
  const fe = state.fieldErrors ?? {};
  const v = state.ok ? {} : (state.values ?? {});
  return (
    <div className="space-y-4">
      {state.ok && state.secret ? <SecretOnce secret={state.secret} /> : null}
      <form action={dispatch} noValidate className="space-y-4" aria-label="Add a webhook">
        <Field label="Payload URL" name="url" errors={fe.url} hint="http(s) on a public address; the server POSTs JSON to it.">
          {(p) => <Input {...p} key={state.id ?? "form"} defaultValue={v.url} placeholder="https://ci.example.com/hooks/modelreg" autoComplete="off" />}
        </Field>
        <Field label="Description" name="description" errors={fe.description}>
          {(p) => <Input {...p} key={`d${state.id ?? ""}`} defaultValue={v.description} maxLength={500} />}
        </Field>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">Events</legend>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="all" checked={all} onChange={(e) => setAll(e.currentTarget.checked)} /> All events
          </label>
          {!all ? (
            <div className="grid gap-1.5 sm:grid-cols-2">
              {events.map((e) => (
                <label key={e} className="flex items-center gap-2 font-mono text-[13px]">
                  <input type="checkbox" name="events" value={e} /> {e}
                </label>
              ))}
            </div>
          ) : null}
          {fe.events ? <p className="text-sm text-red-600 dark:text-red-400">{fe.events.join(" ")}</p> : null}
        </fieldset>
        {!state.ok && state.message && !Object.keys(fe).length ? <Alert>{state.message}</Alert> : null}
        <Button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add webhook"}
        </Button>
      </form>
    </div>
  );
}
