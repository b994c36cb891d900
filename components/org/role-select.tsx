"use client";
// A role picker that saves as soon as it changes (one row of the members or team table).
import { useActionState, useEffect, useRef, useState } from "react";
import { Select } from "@/components/ui/input";
import { initialFormState } from "@/lib/forms";
import type { FormAction } from "./forms";

export function RoleSelect({
  action,
  role,
  roles,
  label,
  user,
}: {
  action: FormAction;
  role: string;
  roles: readonly string[];
  label: string;
  /** Sent as `user` when the action needs to know whose role this is. */
  user?: string;
}) {
  const [state, dispatch, pending] = useActionState(action, initialFormState);
  const form = useRef<HTMLFormElement>(null);
  const [value, setValue] = useState(role);
  // After every answer, show the role the member really has (a refused change snaps back).
  // biome-ignore lint/correctness/useExhaustiveDependencies: `state` is the trigger — a new answer, even one that leaves `role` as it was
  useEffect(() => {
    setValue(role);
  }, [role, state]);
  const error = state.ok ? null : (state.fieldErrors?.role?.[0] ?? state.message ?? null);
  return (
    <form ref={form} action={dispatch} className="flex flex-col gap-1">
      {user ? <input type="hidden" name="user" value={user} /> : null}
      <Select
        name="role"
        aria-label={label}
        value={value}
        disabled={pending}
        className="h-8 w-32 min-w-32 py-0"
        onChange={(e) => {
          setValue(e.target.value);
          form.current?.requestSubmit();
        }}
      >
        {roles.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </Select>
      <span aria-live="polite" className="max-w-64 text-xs">
        {error ? <span className="text-red-600 dark:text-red-400">{error}</span> : null}
        {state.ok && !pending ? <span className="text-emerald-700 dark:text-emerald-400">Saved</span> : null}
      </span>
    </form>
  );
}
