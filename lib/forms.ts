// The one mapping from registry errors to form state for server actions (pages show it inline).
import { concurrentWriteConflict, RegistryError, type FieldErrors } from "@/lib/registry/errors";

export type FormState = {
  ok: boolean;
  message?: string;
  fieldErrors?: FieldErrors;
  /** What the user typed, so a failed submit keeps it (never passwords). */
  values?: Record<string, string>;
};

export const initialFormState: FormState = { ok: false };

export function formValues(formData: FormData, omit: string[] = []): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [k, v] of formData.entries()) {
    if (typeof v === "string" && !omit.includes(k) && !k.startsWith("$ACTION")) values[k] = v;
  }
  return values;
}

/** Known errors become messages and field errors; anything else is logged and reported generically. */
export function toFormState(err: unknown, values?: Record<string, string>): FormState {
  err = concurrentWriteConflict(err) ?? err;
  if (err instanceof RegistryError) {
    return { ok: false, message: err.message, fieldErrors: err.fieldErrors, values };
  }
  console.error("[modelreg] action failed", err);
  return { ok: false, message: "Something went wrong on our side. Nothing was changed; please try again.", values };
}
