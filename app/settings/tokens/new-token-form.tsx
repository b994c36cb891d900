"use client";
// Create a token; the answer shows it once, with a copy button, and says so.
import { CodeBlock } from "@/components/ui/code-block";
import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { createTokenAction, type NewTokenState } from "./actions";

const EXPIRIES = [
  ["7", "7 days"],
  ["30", "30 days"],
  ["90", "90 days"],
  ["365", "1 year"],
  ["never", "No expiry"],
] as const;

export function NewTokenForm({ host }: { host: string }) {
  const [state, dispatch, pending] = useActionState<NewTokenState, FormData>(createTokenAction, { ok: false });
  const fe = state.fieldErrors ?? {};
  const v = state.ok ? {} : (state.values ?? {});
  return (
    <div className="space-y-4">
      {state.ok && state.token ? <NewToken token={state.token} name={state.name ?? ""} host={host} /> : null}
      <form action={dispatch} noValidate className="space-y-3" aria-label="Create a token">
        <div className="grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-start">
          <Field label="Token name" name="name" errors={fe.name} hint="Where it is used, e.g. “laptop CLI” or “CI pipeline”.">
            {(p) => <Input {...p} key={state.token ?? "form"} defaultValue={v.name} autoComplete="off" maxLength={100} />}
          </Field>
          <Field label="Expires" name="expiresInDays" errors={fe.expiresInDays}>
            {(p) => (
              <Select {...p} defaultValue={v.expiresInDays ?? "90"}>
                {EXPIRIES.map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Button type="submit" className="sm:mt-6" disabled={pending}>
            {pending ? "Creating…" : "Create token"}
          </Button>
        </div>
        {!state.ok && state.message && !Object.keys(fe).length ? <Alert>{state.message}</Alert> : null}
      </form>
    </div>
  );
}

function NewToken({ token, name, host }: { token: string; name: string; host: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(token);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // No clipboard (insecure origin): the token stays selected for a manual copy.
      document.getElementById("new-token")?.focus();
    }
  }
  return (
    <div role="status" className="rounded-lg border border-emerald-300 bg-emerald-50 p-4 dark:border-emerald-800 dark:bg-emerald-950/60">
      <p className="text-sm font-medium text-emerald-900 dark:text-emerald-100">Token “{name}” created. Copy it now: it will not be shown again.</p>
      <div className="mt-3 flex gap-2">
        <input
          id="new-token"
          aria-label="New token"
          readOnly
          value={token}
          onFocus={(e) => e.currentTarget.select()}
          data-testid="new-token"
          className="h-9 min-w-0 flex-1 rounded-md border border-emerald-300 bg-white px-3 font-mono text-sm text-zinc-900 dark:border-emerald-800 dark:bg-zinc-900 dark:text-zinc-100"
        />
        <Button variant="secondary" onClick={copy}>
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <CodeBlock className="mt-3 overflow-x-auto rounded-md bg-zinc-900 p-3 text-xs text-zinc-100">
        <code>{`modelreg login --host ${host} --token ${token.slice(0, 10)}…\ncurl -H "Authorization: Bearer $TOKEN" ${host}/api/v1/users\nHF_ENDPOINT=${host} HF_TOKEN=hf_${token.slice(0, 10)}… huggingface-cli download OWNER/MODEL`}</code>
      </CodeBlock>
      <p className="mt-2 text-xs text-emerald-900 dark:text-emerald-100">
        Hugging Face clients (huggingface_hub, from_pretrained, @huggingface/hub) take tokens that start with <code>hf_</code>: send this one as{" "}
        <code>hf_</code> followed by the token.
      </p>
    </div>
  );
}
