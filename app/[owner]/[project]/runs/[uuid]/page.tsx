import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db";
import { currentActor } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/registry/errors";
import { getRun, promotionTargets } from "@/lib/registry/runs";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { PromoteDialog } from "@/components/run/promote-dialog";
import { RunStatusBadge } from "@/components/run/status-badge";
import { StageBadge } from "@/components/version/stage-badge";
import { promoteAction } from "./actions";

type Props = { params: Promise<{ owner: string; project: string; uuid: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { uuid } = await params;
  return { title: `Run ${uuid.slice(0, 8)}` };
}

function KV({ title, data }: { title: string; data: Record<string, unknown> }) {
  const e = Object.entries(data);
  return (
    <Card>
      <CardHeader><CardTitle>{title}</CardTitle></CardHeader>
      <CardBody>
        {e.length === 0 ? <p className="text-sm text-zinc-500">None.</p> : (
          <dl className="grid grid-cols-[minmax(8rem,auto)_1fr] gap-x-4 gap-y-1 text-sm">
            {e.map(([k, v]) => <div key={k} className="contents"><dt className="text-zinc-600 dark:text-zinc-400">{k}</dt><dd className="font-mono text-[13px] break-all">{typeof v === "object" ? JSON.stringify(v) : String(v)}</dd></div>)}
          </dl>
        )}
      </CardBody>
    </Card>
  );
}

export default async function RunPage({ params }: Props) {
  const { owner, project, uuid } = await params;
  const db = await getDb();
  const actor = await currentActor();
  const r = await getRun(db, actor, owner, project, uuid).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const targets = actor.kind === "user" ? await promotionTargets(db, actor, r.access) : [];
  const run = r.run;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-wrap items-center gap-3">
          <h2 className="text-2xl font-semibold tracking-tight">{run.name || run.uuid.slice(0, 8)}</h2>
          <RunStatusBadge status={run.status} />
          {run.tags.map((t) => <Badge key={t} tone="blue">{t}</Badge>)}
        </div>
        {targets.length ? <PromoteDialog action={promoteAction.bind(null, { owner, project, uuid: run.uuid })} targets={targets} owner={r.access.org.name} artifacts={run.artifacts.map((a) => a.name)} /> : null}
      </div>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {run.description ? <>{run.description} · </> : null}
        by {run.createdBy ?? "—"} · <RelativeTime date={run.createdAt} /> · <span className="font-mono text-xs">{run.uuid}</span>
      </p>
      <div className="grid gap-6 md:grid-cols-2">
        <KV title="Metrics" data={run.outputs} />
        <KV title="Params" data={run.inputs} />
      </div>
      <Card>
        <CardHeader><CardTitle>Artifacts</CardTitle></CardHeader>
        {run.artifacts.length === 0 ? <CardBody><p className="text-sm text-zinc-500">None.</p></CardBody> : (
          <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
            {run.artifacts.map((a) => <li key={a.name} className="flex justify-between px-5 py-2"><span className="font-medium">{a.name}</span><span className="font-mono text-xs text-zinc-500">{a.kind} · {a.path}</span></li>)}
          </ul>
        )}
      </Card>
      <section>
        <h3 className="mb-2 font-semibold">Model versions promoted from this run</h3>
        {r.promoted.length === 0 ? <p className="text-sm text-zinc-500">Not promoted yet.</p> : (
          <Table aria-label="Promoted versions">
            <THead><tr><TH>Model</TH><TH>Version</TH><TH>Stage</TH></tr></THead>
            <TBody>
              {r.promoted.map((v) => (
                <TR key={`${v.project}/${v.name}`}>
                  <TD>{v.owner}/{v.project}</TD>
                  <TD><Link href={`/${v.owner}/${v.project}/versions/${v.name}`} className="font-medium text-accent-700 hover:underline dark:text-accent-100">{v.name}</Link></TD>
                  <TD><StageBadge stage={v.stage} /></TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </section>
    </div>
  );
}
