// The pending stage request of a version, as a banner: "bob asked to move this version to production ·
// reason · 2 minutes ago", with Approve / Reject for project admins and Withdraw for its author.
import { RelativeTime } from "@/components/ui/relative-time";
import { StageBadge } from "./stage-badge";
import { StageRequestActions, type DecideAction } from "./stage-request-actions";

export type StageRequestView = {
  requestId: string;
  type: string;
  fromStage: string | null;
  reason: string;
  message: string;
  requestedBy: string | null;
  createdAt: Date;
};

type Props = {
  request: StageRequestView;
  /** The viewer may approve or reject (project admin). */
  canDecide: boolean;
  /** The viewer asked (may withdraw). */
  isAuthor: boolean;
  actions: { approve: DecideAction; reject: DecideAction; withdraw: DecideAction };
};

export function StageRequestBanner({ request: r, canDecide, isAuthor, actions }: Props) {
  const who = isAuthor ? "You" : (r.requestedBy ?? "A deleted user");
  return (
    <section
      aria-labelledby="stage-request-title"
      className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100"
    >
      <h2 id="stage-request-title" className="sr-only">
        Pending stage request
      </h2>
      <p className="leading-7">
        <span className="font-semibold">{who}</span> asked to move this version
        {r.fromStage ? (
          <>
            {" "}
            from <StageBadge stage={r.fromStage} className="align-middle" />
          </>
        ) : null}{" "}
        to <StageBadge stage={r.type} className="align-middle" />{" "}
        <span aria-hidden className="text-amber-700/70 dark:text-amber-300/60">
          ·
        </span>{" "}
        <span className="text-amber-800 dark:text-amber-200">
          <RelativeTime date={r.createdAt} />
        </span>
      </p>
      {r.reason || r.message ? (
        <p className="mt-1.5 text-amber-900 dark:text-amber-100">
          {r.reason ? <span className="font-medium">{r.reason}</span> : null}
          {r.reason && r.message ? <span className="text-amber-700/70"> — </span> : null}
          {r.message}
        </p>
      ) : null}
      <p className="mt-1.5 text-xs text-amber-800 dark:text-amber-300">
        {canDecide
          ? "A project admin approves (the version moves) or rejects (it stays)."
          : isAuthor
            ? "Waiting for a project admin's approval. You may withdraw the request."
            : "Waiting for a project admin's approval."}
      </p>
      {canDecide || isAuthor ? (
        <StageRequestActions requestId={r.requestId} canDecide={canDecide} isAuthor={isAuthor} target={r.type} actions={actions} />
      ) : null}
    </section>
  );
}
