"use client";
// Small building blocks of the settings forms: the status line every form shows after submitting.
import { Alert } from "@/components/ui/alert";
import type { FormState } from "@/lib/forms";

export type FormAction = (prev: FormState, fd: FormData) => Promise<FormState>;

/** The form's outcome: a success line, or an error that no field claimed. */
export function FormStatus({ state }: { state: FormState }) {
  if (state.ok && state.message) return <Alert tone="success">{state.message}</Alert>;
  const fieldErrors = state.fieldErrors ?? {};
  const claimed = Object.keys(fieldErrors).length > 0;
  if (!state.ok && state.message && !claimed) return <Alert>{state.message}</Alert>;
  return null;
}
