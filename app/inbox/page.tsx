// The inbox: pending stage and alias requests the viewer may decide, with approve / reject in place, and the
// viewer's own requests with their outcome.
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { registryDb } from "@/lib/registry/request";
import { currentActor } from "@/lib/auth/session";
import { listRequests, type InboxItem } from "@/lib/registry/inbox";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { StageBadge } from "@/components/version/stage-badge";
import { decideInboxAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Inbox" };

const TONE = { pending: "amber", approved: "green", rejected: "red", withdrawn: "slate" } as const;

function What({ r }: { r: InboxItem }) {
  const version = r.version ? (
    <Link href={`/${r.owner}/${r.project}/versions/${encodeURIComponent(r.version)}`} className="font-mono font-medium hover:underline">
      {r.version}
    </Link>
  ) : (
    <span>a deleted version</span>
  );
  return r.kind === "alias" ? (
    <>
      point <span className="font-mono font-medium text-violet-700 dark:text-violet-300">@{r.alias}</span> at {version}
      {r.from ? (
        <>
          {" "}
          (now on <span className="font-mono">{r.from}</span>)
        </>
      ) : null}
    </>
  ) : (
    <>
      move {version}{" "}
      {r.from ? (
        <>
          <StageBadge stage={r.from} /> <span aria-hidden>→</span>{" "}
        </>
      ) : null}
      <StageBadge stage={r.to ?? ""} />
    </>
  );
}

function Item({ r }: { r: InboxItem }) {
  const ref = { kind: r.kind, owner: r.owner, project: r.project, version: r.version, alias: r.alias, requestId: r.requestId };
  return (
    <li
      className="flex flex-wrap items-center gap-x-3 gap-y-2 px-4 py-3"
      aria-label={`${r.kind} request ${r.owner}/${r.project} ${r.kind === "alias" ? `@${r.alias}` : r.version}`}
    >
      <div className="min-w-0 flex-1 text-sm">
        <div className="flex flex-wrap items-center gap-1.5">
          <Link href={`/${r.owner}/${r.project}`} className="text-zinc-500 dark:text-zinc-400 hover:underline">
            {r.owner}/{r.project}
          </Link>
          <span className="text-zinc-400">·</span>
          <span>
            {r.mine ? (
              "You asked to"
            ) : (
              <>
                <span className="font-medium">{r.requestedBy ?? "a deleted user"}</span> asks to
              </>
            )}{" "}
            <What r={r} />
          </span>
          <Badge tone={TONE[r.status]}>{r.status === "pending" ? "awaiting approval" : r.status}</Badge>
        </div>
        <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
          <RelativeTime date={r.requestedAt} />
          {r.reason ? <> · {r.reason}</> : null}
          {r.decidedBy ? <> · by {r.decidedBy}</> : null}
        </p>
      </div>
      {r.status === "pending" ? (
        <div className="flex gap-2">
          {r.canDecide ? (
            <>
              <form action={decideInboxAction.bind(null, ref, "approve")}>
                <Button type="submit" size="sm">
                  Approve
                </Button>
              </form>
              <form action={decideInboxAction.bind(null, ref, "reject")}>
                <Button type="submit" size="sm" variant="secondary">
                  Reject
                </Button>
              </form>
            </>
          ) : null}
          {r.mine ? (
            <form action={decideInboxAction.bind(null, ref, "withdraw")}>
              <Button type="submit" size="sm" variant="secondary">
                Withdraw
              </Button>
            </form>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

export default async function InboxPage({ searchParams }: { searchParams: Promise<{ done?: string; error?: string }> }) {
  const actor = await currentActor();
  if (actor.kind !== "user") redirect("/login?callbackUrl=/inbox");
  const { done, error } = await searchParams;
  const items = await listRequests(await registryDb(), actor);
  const toDecide = items.filter((r) => r.status === "pending" && r.canDecide);
  const mine = items.filter((r) => r.mine && !(r.status === "pending" && r.canDecide));
  return (
    <div className="mx-auto max-w-4xl space-y-6 px-4 py-8 sm:px-6">
      <PageHeader title="Inbox" description="Stage and alias requests that await a project admin, and what became of yours." />
      {done ? <Alert tone="success">{done}</Alert> : null}
      {error ? <Alert>{error}</Alert> : null}
      <section aria-label="To decide" className="space-y-2">
        <h2 className="text-sm font-semibold">To decide ({toDecide.length})</h2>
        {toDecide.length ? (
          <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
            {toDecide.map((r) => (
              <Item key={`${r.kind}${r.requestId}`} r={r} />
            ))}
          </ul>
        ) : (
          <EmptyState title="Nothing to decide">
            When a member asks to move a version into a protected stage or a protected alias, the request appears here.
          </EmptyState>
        )}
      </section>
      {mine.length ? (
        <section aria-label="Your requests" className="space-y-2">
          <h2 className="text-sm font-semibold">Your requests</h2>
          <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
            {mine.map((r) => (
              <Item key={`${r.kind}${r.requestId}`} r={r} />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
