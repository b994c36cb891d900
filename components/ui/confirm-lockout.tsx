// The second step of a change the registry refused until confirmed (ConfirmationRequiredError, field
// `confirm`): the form shows what it would cost and submits again with this box ticked.
import type { FormState } from "@/lib/forms";

export const needsConfirm = (state: FormState) => Boolean(state.fieldErrors?.confirm);

export function ConfirmLockout({ id, label = "I understand, make this change anyway" }: { id: string; label?: string }) {
  return (
    <label
      htmlFor={id}
      className="flex items-start gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      <input id={id} type="checkbox" name="confirm" value="yes" required className="mt-0.5" />
      <span>{label}</span>
    </label>
  );
}
