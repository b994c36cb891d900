"use client";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import type { WebhookScope } from "@/lib/registry/webhooks";
import { rotateSecretAction, type SecretState } from "./actions";
import { SecretOnce } from "./secret-once";

export function RotateSecret({ scope, id }: { scope: WebhookScope; id: number }) {
  const [state, dispatch, pending] = useActionState<SecretState>(rotateSecretAction.bind(null, scope, id), { ok: false });
  return (
    <div className="space-y-3">
      {state.ok && state.secret ? <SecretOnce secret={state.secret} /> : null}
      {!state.ok && state.message ? <p className="text-sm text-red-600">{state.message}</p> : null}
      <form action={dispatch}>
        <Button type="submit" variant="secondary" size="sm" disabled={pending}>
          {pending ? "…" : "Rotate secret"}
        </Button>
      </form>
    </div>
  );
}
