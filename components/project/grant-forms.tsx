"use client";
// Per-person access on a model: grant someone a role (members and outsiders, by username or email),
// change it, or take it away. The registry checks and records each change.
import { startTransition, useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmLockout, needsConfirm } from "@/components/ui/confirm-lockout";
import { Input, Select } from "@/components/ui/input";
import { initialFormState, type FormState } from "@/lib/forms";

type Action = (prev: FormState, fd: FormData) => Promise<FormState>;
const ROLES = ["viewer", "member", "admin"] as const;

function submitInTransition(dispatch: (fd: FormData) => void) {
  return (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    startTransition(() => dispatch(fd));
  };
}

export function GrantForm({ action }: { action: Action }) {
  const [state, dispatch, pending] = useActionState(action, initialFormState);
  const fe = state.fieldErrors ?? {};
  return (
    <form aria-label="Grant access" onSubmit={submitInTransition(dispatch)} className="space-y-2">
      {state.message && (state.ok || !fe.user) ? <Alert tone={state.ok ? "success" : "error"}>{state.message}</Alert> : null}
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-56 flex-1 space-y-1">
          <label htmlFor="grant-user" className="block text-sm font-medium">
            Username or email
          </label>
          {/* key: a successful grant remounts the field empty; a failure keeps what was typed. */}
          <Input
            key={state.ok ? state.message : "typing"}
            id="grant-user"
            name="user"
            defaultValue={state.ok ? "" : state.values?.user}
            required
            aria-invalid={Boolean(fe.user)}
            aria-describedby="grant-user-error"
            placeholder="dave or dave@example.com"
            autoComplete="off"
          />
        </div>
        <div className="w-32 space-y-1">
          <label htmlFor="grant-role" className="block text-sm font-medium">
            Role
          </label>
          <Select id="grant-role" name="role" defaultValue={state.values?.role ?? "viewer"}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </Select>
        </div>
        <Button type="submit" disabled={pending}>
          {pending ? "Granting…" : "Grant access"}
        </Button>
      </div>
      {needsConfirm(state) ? <ConfirmLockout id="grant-confirm" /> : null}
      <p id="grant-user-error" aria-live="polite" className="text-sm text-red-600 dark:text-red-400">
        {fe.user?.join(" ")}
      </p>
    </form>
  );
}

export function GrantRowActions({ username, role, change, revoke }: { username: string; role: string; change: Action; revoke: Action }) {
  const [changed, dispatchChange, changing] = useActionState(change, initialFormState);
  const [revoked, dispatchRevoke, revoking] = useActionState(revoke, initialFormState);
  const error = [changed, revoked].find((s) => s.message && !s.ok)?.message;
  const confirmChange = needsConfirm(changed);
  const confirmRevoke = needsConfirm(revoked);
  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      <form aria-label={`Role of ${username}`} onSubmit={submitInTransition(dispatchChange)} className="flex flex-wrap items-center justify-end gap-2">
        <input type="hidden" name="user" value={username} />
        <label htmlFor={`role-${username}`} className="sr-only">
          Role of {username}
        </label>
        <Select id={`role-${username}`} name="role" defaultValue={role} className="h-8 w-28">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </Select>
        {confirmChange ? <ConfirmLockout id={`role-${username}-confirm`} /> : null}
        <Button type="submit" size="sm" variant={confirmChange ? "danger" : "secondary"} disabled={changing}>
          {confirmChange ? "Confirm" : "Update"}
        </Button>
      </form>
      <form onSubmit={submitInTransition(dispatchRevoke)} className="flex flex-wrap items-center justify-end gap-2">
        {confirmRevoke ? <ConfirmLockout id={`revoke-${username}-confirm`} /> : null}
        <Button
          type="submit"
          size="sm"
          variant={confirmRevoke ? "danger" : "ghost"}
          disabled={revoking}
          aria-label={`Remove ${username}'s grant`}
          className={confirmRevoke ? undefined : "text-red-700 dark:text-red-400"}
        >
          {confirmRevoke ? "Confirm removal" : "Remove"}
        </Button>
      </form>
      {error ? (
        <p role="alert" className="w-full text-right text-xs text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}
