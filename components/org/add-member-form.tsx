"use client";
// Add an existing user to the organization, by username or email, with a role.
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { initialFormState } from "@/lib/forms";
import { FormStatus, type FormAction } from "./forms";
import { ORG_ROLE_HINTS } from "./role-badge";

export function AddMemberForm({ action, roles }: { action: FormAction; roles: string[] }) {
  const [state, dispatch, pending] = useActionState(action, initialFormState);
  const fe = state.fieldErrors ?? {};
  const v = state.ok ? {} : (state.values ?? {});
  return (
    <form action={dispatch} noValidate className="space-y-3" aria-label="Add a member">
      <div className="grid gap-3 sm:grid-cols-[1fr_12rem_auto] sm:items-start">
        <Field label="Username or email" name="user" errors={fe.user}>
          {(p) => <Input {...p} key={state.message} defaultValue={v.user} placeholder="e.g. dave or dave@example.com" autoComplete="off" required />}
        </Field>
        <Field label="Role" name="role" errors={fe.role}>
          {(p) => (
            <Select {...p} defaultValue={v.role ?? "member"}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Button type="submit" className="sm:mt-6" disabled={pending}>
          {pending ? "Adding…" : "Add member"}
        </Button>
      </div>
      <FormStatus state={state} />
      <details className="text-xs text-zinc-500 dark:text-zinc-400">
        <summary className="cursor-pointer select-none">What each role may do</summary>
        <dl className="mt-2 grid grid-cols-[5rem_1fr] gap-x-3 gap-y-1">
          {Object.entries(ORG_ROLE_HINTS).map(([r, hint]) => (
            <div key={r} className="contents">
              <dt className="font-medium text-zinc-700 dark:text-zinc-300">{r}</dt>
              <dd>{hint}</dd>
            </div>
          ))}
        </dl>
      </details>
    </form>
  );
}
