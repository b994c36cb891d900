// A run: its params, metrics and artifacts, the model versions promoted from it, and the promote dialog.
import type { Metadata } from "next";
import Link from "next/link";
import { promotionTargets } from "@/lib/registry/promote";
import { isPromoted, listPromotedVersions } from "@/lib/registry/runs";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { KeyValues } from "@/components/run/key-values";
import { PromoteDialog } from "@/components/run/promote-dialog";
import { RunStatusBadge } from "@/components/run/status-badge";
import { StageBadge } from "@/components/version/stage-badge";
import { promoteAction } from "./actions";
import { loadRunPage } from "./load-run";

type Props = { params: Promise<{ owner: string; project: string; uuid: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { owner, project, uuid } = await params;
  return { title: `Run ${uuid.slice(0, 8)} · ${owner}/${project}` };
}

export default async function RunPage({ params }: Props) {
  // A uuid needs no decoding; anything else is simply not found.
  const { owner, project, uuid } = await params;
  const { db, actor, access, run } = await loadRunPage(owner, project, uuid);
  const [promoted, targets] = await Promise.all([listPromotedVersions(db, actor, run.id), promotionTargets(db, actor, access)]);
  const base = `/${access.org.name}/${access.project.name}`;
  const runsDisabled = access.project.excludedFeatures.includes("runs");
  return (
    <div className="grid gap-8 lg:grid-cols-[1fr_18rem]">
      <div className="min-w-0 space-y-6">
        <div>
          <p className="mb-1 text-sm">
            <Link href={`${base}/runs`} className="text-zinc-500 dark:text-zinc-400 hover:underline">
              ← All runs
            </Link>
          </p>
          <div className="flex flex-wrap items-center gap-3">
            <h2 className="text-2xl font-semibold tracking-tight break-all">{run.name || run.uuid.slice(0, 8)}</h2>
            <RunStatusBadge status={run.status} />
            {isPromoted(run) ? <Badge tone="violet">promoted</Badge> : null}
          </div>
          {run.tags.length ? (
            <div className="mt-2 flex flex-wrap gap-1.5">
              {run.tags.map((t) => (
                <Badge key={t} tone="blue">
                  {t}
                </Badge>
              ))}
            </div>
          ) : null}
          {run.description ? <p className="mt-3 text-zinc-700 dark:text-zinc-300">{run.description}</p> : null}
        </div>
        <div className="grid gap-6 md:grid-cols-2">
          <KeyValues title="Metrics" data={run.outputs} empty="No metrics logged. PATCH outputs to record them." />
          <KeyValues title="Params" data={run.inputs} empty="No params logged." />
        </div>
        <Card>
          <CardHeader className="flex items-center justify-between">
            <CardTitle>Artifacts</CardTitle>
            <span className="text-xs text-zinc-500 dark:text-zinc-400">{run.artifacts.length}</span>
          </CardHeader>
          {run.artifacts.length === 0 ? (
            <p className="px-5 py-4 text-sm text-zinc-500 dark:text-zinc-400">No artifacts logged.</p>
          ) : (
            <table className="w-full text-sm" aria-label="Artifacts">
              <thead className="text-left text-xs tracking-wide text-zinc-500 dark:text-zinc-400 uppercase">
                <tr>
                  <th scope="col" className="px-5 py-2 font-semibold">
                    Name
                  </th>
                  <th scope="col" className="px-5 py-2 font-semibold">
                    Kind
                  </th>
                  <th scope="col" className="px-5 py-2 font-semibold">
                    Path
                  </th>
                </tr>
              </thead>
              <tbody>
                {run.artifacts.map((a) => (
                  <tr key={a.name} className="border-t border-zinc-100 dark:border-zinc-800">
                    <td className="px-5 py-2 font-medium">{a.name}</td>
                    <td className="px-5 py-2">
                      <Badge>{a.kind}</Badge>
                    </td>
                    <td className="px-5 py-2 font-mono text-xs break-all text-zinc-600 dark:text-zinc-400">{a.path || "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
        <section aria-labelledby="promoted-heading">
          <h3 id="promoted-heading" className="mb-2 text-base font-semibold">
            Model versions from this run
          </h3>
          {promoted.length === 0 ? (
            <p className="rounded-lg border border-dashed border-zinc-300 px-4 py-5 text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
              Not promoted yet{targets.length ? ": use “Promote to model version” to register it in a model." : "."}
            </p>
          ) : (
            <Table aria-label="Promoted versions">
              <THead>
                <tr>
                  <TH>Model</TH>
                  <TH>Version</TH>
                  <TH>Stage</TH>
                  <TH>By</TH>
                  <TH>Promoted</TH>
                </tr>
              </THead>
              <TBody>
                {promoted.map((v) => (
                  <TR key={`${v.owner}/${v.project}/${v.kind}/${v.name}`}>
                    <TD>
                      <Link href={`/${v.owner}/${v.project}`} className="hover:underline">
                        {v.owner}/{v.project}
                      </Link>
                    </TD>
                    <TD>
                      {v.kind === "model" ? (
                        <Link
                          href={`/${v.owner}/${v.project}/versions/${encodeURIComponent(v.name)}`}
                          className="font-medium text-accent-700 hover:underline dark:text-accent-100"
                        >
                          {v.name}
                        </Link>
                      ) : (
                        <span className="font-medium">
                          {v.name} <span className="text-xs text-zinc-500 dark:text-zinc-400">(artifact)</span>
                        </span>
                      )}
                    </TD>
                    <TD>
                      <StageBadge stage={v.stage} />
                    </TD>
                    <TD className="text-zinc-600 dark:text-zinc-400">{v.createdBy ?? "—"}</TD>
                    <TD className="whitespace-nowrap text-zinc-600 dark:text-zinc-400">
                      <RelativeTime date={v.createdAt} />
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </section>
      </div>
      <aside className="space-y-6 text-sm" aria-label="Run details">
        <section>
          {targets.length ? (
            <PromoteDialog
              action={promoteAction.bind(null, { owner: access.org.name, project: access.project.name, uuid: run.uuid })}
              targets={targets}
              artifacts={run.artifacts.map((a) => ({ name: a.name, kind: a.kind }))}
              runTags={run.tags}
              status={run.status}
            />
          ) : (
            <p className="rounded-md bg-zinc-100 px-3 py-2 text-zinc-600 dark:bg-zinc-800/60 dark:text-zinc-400">
              {runsDisabled
                ? "The runs feature is disabled for this project, so its runs cannot be promoted."
                : actor.kind !== "user"
                  ? "Sign in to promote this run to a model version."
                  : `No model you can write to accepts runs from ${access.org.name}/${access.project.name}. A model’s admin can add this project under Settings → Promotion.`}
            </p>
          )}
        </section>
        <section>
          <h2 className="mb-2 font-semibold">Details</h2>
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1.5 text-zinc-600 dark:text-zinc-400">
            <dt>Project</dt>
            <dd>
              <Link href={base} className="text-accent-600 dark:text-accent-300 hover:underline">
                {access.org.name}/{access.project.name}
              </Link>
            </dd>
            <dt>Status</dt>
            <dd>{run.status}</dd>
            <dt>Created</dt>
            <dd>
              <RelativeTime date={run.createdAt} /> by {run.createdBy ?? "—"}
            </dd>
            <dt>Updated</dt>
            <dd>
              <RelativeTime date={run.updatedAt} />
            </dd>
            <dt>UUID</dt>
            <dd className="font-mono text-xs break-all">{run.uuid}</dd>
          </dl>
        </section>
      </aside>
    </div>
  );
}
