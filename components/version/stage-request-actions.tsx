"use client";
// The buttons of the pending-request banner: plain forms posting to server actions, so they work from
// the keyboard and before hydration. The request id travels along: a decision on a request that is no
// longer the pending one is refused rather than applied to something the admin did not see.
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { initialFormState, type FormState } from "@/lib/forms";

export type DecideAction = (prev: FormState, fd: FormData) => Promise<FormState>;

type Props = {
  requestId: string;
  canDecide: boolean;
  isAuthor: boolean;
  target: string;
  actions: { approve: DecideAction; reject: DecideAction; withdraw: DecideAction };
};

export function StageRequestActions({ requestId, canDecide, isAuthor, target, actions }: Props) {
  const [approved, approve, approving] = useActionState(actions.approve, initialFormState);
  const [rejected, reject, rejecting] = useActionState(actions.reject, initialFormState);
  const [withdrawn, withdraw, withdrawing] = useActionState(actions.withdraw, initialFormState);
  const busy = approving || rejecting || withdrawing;
  const failed = [approved, rejected, withdrawn].find((s) => !s.ok && s.message);
  return (
    <div className="mt-3 space-y-2">
      {failed ? <Alert>{failed.message}</Alert> : null}
      {canDecide ? (
        <form action={approve} aria-label="Decide on the stage request" className="flex flex-wrap items-end gap-2">
          <input type="hidden" name="request_id" value={requestId} />
          <div className="min-w-48 flex-1">
            <label htmlFor="decision-reason" className="mb-1 block text-xs font-medium text-amber-900 dark:text-amber-200">
              Note for the history <span className="font-normal">(optional)</span>
            </label>
            <Input id="decision-reason" name="reason" maxLength={200} autoComplete="off" placeholder="e.g. Shadow test passed" className="h-8" />
          </div>
          <Button type="submit" size="sm" disabled={busy}>
            {approving ? "Approving…" : `Approve move to ${target}`}
          </Button>
          <Button type="submit" size="sm" variant="secondary" formAction={reject} disabled={busy}>
            {rejecting ? "Rejecting…" : "Reject"}
          </Button>
        </form>
      ) : null}
      {isAuthor ? (
        <form action={withdraw} aria-label="Withdraw the stage request">
          <input type="hidden" name="request_id" value={requestId} />
          <Button type="submit" size="sm" variant="secondary" disabled={busy}>
            {withdrawing ? "Withdrawing…" : "Withdraw request"}
          </Button>
        </form>
      ) : null}
    </div>
  );
}
