"use client";
// The version page's aliases: its chips (each with a remove button when the viewer may remove it) and a form
// that sets an alias here — moving it from the version it is on, which the form says before it is sent.
import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { initialFormState, type FormState } from "@/lib/forms";

type Action = (prev: FormState, fd: FormData) => Promise<FormState>;

type Props = {
  version: string;
  /** The aliases on this version. */
  aliases: string[];
  /** Every alias of the model → the version it is on (to say what a set would move). */
  modelAliases: Record<string, string>;
  /** Aliases the viewer may not move (protected, and the viewer is no admin). */
  locked: string[];
  canSet: boolean;
  setAction: Action;
  removeAction: Action;
};

export function AliasControls({ version, aliases, modelAliases, locked, canSet, setAction, removeAction }: Props) {
  const [set, setSubmit, setting] = useActionState(setAction, initialFormState);
  const [removed, removeSubmit, removing] = useActionState(removeAction, initialFormState);
  const [name, setName] = useState(set.values?.alias ?? "");
  const typed = name.trim().toLowerCase();
  const elsewhere = typed && modelAliases[typed] && modelAliases[typed] !== version ? modelAliases[typed] : null;
  const state = [set, removed].find((s) => s.message);
  return (
    <div className="space-y-3">
      {aliases.length ? (
        <ul className="flex flex-wrap gap-1.5" aria-label="Aliases of this version">
          {aliases.map((a) => (
            <li
              key={a}
              className="inline-flex items-center gap-1 rounded-full bg-violet-50 px-2 py-0.5 font-mono text-xs text-violet-800 ring-1 ring-violet-200 ring-inset dark:bg-violet-950 dark:text-violet-200 dark:ring-violet-900"
            >
              @{a}
              {canSet && !locked.includes(a) ? (
                <form action={removeSubmit} className="inline">
                  <input type="hidden" name="alias" value={a} />
                  <button
                    type="submit"
                    disabled={removing}
                    aria-label={`Remove alias ${a}`}
                    className="ml-0.5 rounded-full px-1 text-violet-500 hover:bg-violet-100 hover:text-violet-900 focus-visible:ring-2 focus-visible:outline-none dark:hover:bg-violet-900"
                  >
                    ×
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">No alias points here.</p>
      )}
      {canSet ? (
        <form action={setSubmit} aria-label="Set an alias" className="space-y-2">
          <label htmlFor="alias-name" className="block text-xs font-medium text-zinc-600 dark:text-zinc-400">
            Set an alias on {version}
          </label>
          <div className="flex gap-2">
            <Input
              id="alias-name"
              name="alias"
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              maxLength={64}
              autoComplete="off"
              placeholder="e.g. champion"
              className="h-8 font-mono"
              aria-describedby="alias-hint"
              aria-invalid={set.fieldErrors?.alias ? true : undefined}
            />
            <Button type="submit" size="sm" disabled={setting}>
              {setting ? "Setting…" : elsewhere ? "Move here" : "Set"}
            </Button>
          </div>
          <p id="alias-hint" aria-live="polite" className="text-xs text-zinc-500 dark:text-zinc-400">
            {elsewhere ? (
              <>
                @{typed} is on <span className="font-mono">{elsewhere}</span>: setting it here moves it.
              </>
            ) : locked.includes(typed) ? (
              <>@{typed} is protected: only project admins may move it.</>
            ) : (
              "Lower-case letters, digits, - and _."
            )}
          </p>
        </form>
      ) : null}
      {state ? <Alert tone={state.ok ? "success" : "error"}>{state.message}</Alert> : null}
    </div>
  );
}
