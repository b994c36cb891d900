"use client";
// Forms of the teams pages: create a team, rename or describe it, add a member with a team role.
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select, Textarea } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { PROJECT_ROLES } from "@/lib/authz";
import { initialFormState } from "@/lib/forms";
import { FormStatus, type FormAction } from "./forms";
import { TEAM_ROLE_HINTS } from "./role-badge";

export function CreateTeamForm({ action }: { action: FormAction }) {
  const [state, dispatch, pending] = useActionState(action, initialFormState);
  const fe = state.fieldErrors ?? {};
  const v = state.values ?? {};
  return (
    <form action={dispatch} noValidate className="space-y-3" aria-label="Create a team">
      <div className="grid gap-3 sm:grid-cols-[14rem_1fr]">
        <Field label="Team name" name="name" errors={fe.name} hint="Letters, digits and hyphens.">
          {(p) => <Input {...p} defaultValue={v.name} placeholder="e.g. vision" autoComplete="off" required />}
        </Field>
        <Field label="Description" name="description" errors={fe.description}>
          {(p) => <Input {...p} defaultValue={v.description} placeholder="What the team works on" />}
        </Field>
      </div>
      <FormStatus state={state} />
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create team"}
      </Button>
    </form>
  );
}

export function TeamSettingsForm({ action, name, description }: { action: FormAction; name: string; description: string }) {
  const [state, dispatch, pending] = useActionState(action, initialFormState);
  const fe = state.fieldErrors ?? {};
  const v = state.values ?? {};
  return (
    <form action={dispatch} noValidate className="space-y-4">
      <Field label="Team name" name="name" errors={fe.name}>
        {(p) => <Input {...p} defaultValue={v.name ?? name} autoComplete="off" />}
      </Field>
      <Field label="Description" name="description" errors={fe.description}>
        {(p) => <Textarea {...p} rows={2} defaultValue={v.description ?? description} maxLength={500} />}
      </Field>
      <FormStatus state={state} />
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Saving…" : "Save"}
      </Button>
    </form>
  );
}

export function AddTeamMemberForm({ action, candidates }: { action: FormAction; candidates: string[] }) {
  const [state, dispatch, pending] = useActionState(action, initialFormState);
  const fe = state.fieldErrors ?? {};
  const v = state.ok ? {} : (state.values ?? {});
  return (
    <form action={dispatch} noValidate className="space-y-3" aria-label="Add to team">
      <div className="grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-start">
        <Field label="Member" name="user" errors={fe.user} hint="Someone who is already a member of the organization.">
          {(p) => <Input {...p} key={state.message} defaultValue={v.user} list="team-candidates" placeholder="username" autoComplete="off" />}
        </Field>
        <Field label="Team role" name="role" errors={fe.role}>
          {(p) => (
            <Select {...p} defaultValue={v.role ?? "member"}>
              {PROJECT_ROLES.map((r) => (
                <option key={r} value={r} title={TEAM_ROLE_HINTS[r]}>
                  {r}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Button type="submit" className="sm:mt-6" disabled={pending}>
          {pending ? "Adding…" : "Add to team"}
        </Button>
      </div>
      <datalist id="team-candidates">
        {candidates.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
      <FormStatus state={state} />
    </form>
  );
}
