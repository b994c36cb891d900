// The model page (Hugging Face Hub-like): the model card as the main column, the facts in a sidebar.
import type { Metadata } from "next";
import Link from "next/link";
import { requestOrigin } from "@/lib/origin";
import { registryDb } from "@/lib/registry/request";
import { currentActor } from "@/lib/auth/session";
import { projectCan } from "@/lib/authz";
import { renderMarkdown } from "@/lib/markdown";
import { listActivityRows } from "@/lib/registry/activity";
import { listAliasesOf } from "@/lib/registry/aliases";
import { countAwaitingApproval } from "@/lib/registry/approvals";
import { stageSummary } from "@/lib/registry/versions";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardBody } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { StageBadge } from "@/components/version/stage-badge";
import { ActivityFeed } from "@/components/project/activity-feed";
import { UseModelSnippet } from "@/components/project/use-model-snippet";
import { DownloadStatsSection } from "@/components/downloads/download-stats";
import { modelDownloadStats } from "@/lib/registry/downloads";
import { pageAccess } from "../page-access";

type Props = { params: Promise<{ owner: string; project: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { owner, project } = await params;
  return { title: `${owner}/${project}` };
}

function SideSection({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="border-t border-zinc-200 pt-5 first:border-t-0 first:pt-0 dark:border-zinc-800">
      <h2 className="mb-2.5 text-sm font-semibold">{title}</h2>
      {children}
    </section>
  );
}

export default async function ModelOverview({ params }: Props) {
  const { owner, project } = await params;
  const db = await registryDb();
  const access = await pageAccess(owner, project);
  const p = access.project;
  const base = `/${access.org.name}/${p.name}`;
  const hasModels = !p.excludedFeatures.includes("models");
  const [summary, awaiting, activity, host, aliases] = await Promise.all([
    hasModels ? stageSummary(db, access) : null,
    hasModels ? countAwaitingApproval(db, p.id) : 0,
    listActivityRows(db, await currentActor(), access, { limit: 5 }),
    requestOrigin(),
    hasModels ? listAliasesOf(db, p.id) : [],
  ]);
  const canAdmin = projectCan(access.role, "project.settings");
  const latest = summary?.latestProduction?.name ?? null;
  const total = summary ? Object.values(summary.counts).reduce((a, b) => a + b, 0) : 0;
  const anyCapped = summary ? Object.values(summary.capped).some(Boolean) : false;
  return (
    <div className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_19rem]">
      <article aria-label="Model card" className="min-w-0">
        {p.readme.trim() ? (
          <Card>
            <div className="flex items-center justify-between border-b border-zinc-200 px-5 py-2.5 text-xs text-zinc-500 dark:text-zinc-400 dark:border-zinc-800">
              <span className="font-mono">README.md</span>
              {canAdmin ? (
                <Link href={`${base}/settings`} className="text-accent-600 dark:text-accent-300 hover:underline">
                  Edit model card
                </Link>
              ) : null}
            </div>
            <CardBody className="px-6 py-5">
              {/* biome-ignore lint/security/noDangerouslySetInnerHtml: renderMarkdown sanitises (lib/markdown: sanitize-html allow-list) */}
              <div className="prose-md" dangerouslySetInnerHTML={{ __html: renderMarkdown(p.readme) }} />
            </CardBody>
          </Card>
        ) : (
          <EmptyState
            title="No model card yet"
            action={
              canAdmin ? (
                <ButtonLink href={`${base}/settings`} variant="secondary">
                  Write a model card
                </ButtonLink>
              ) : null
            }
          >
            A model card tells people what the model does, how it was trained, how well it works and how to use it.
            {canAdmin ? null : " The model's admins have not written one yet."}
          </EmptyState>
        )}
      </article>

      <aside className="space-y-5 text-sm" aria-label="About this model">
        <SideSection title="About">
          <p className="text-zinc-700 dark:text-zinc-300">{p.description || <span className="text-zinc-500 dark:text-zinc-400">No description.</span>}</p>
          {p.tags.length ? (
            <ul aria-label="Tags" className="mt-3 flex flex-wrap gap-1.5">
              {p.tags.map((t) => (
                <li key={t}>
                  <Link href={`/${access.org.name}?query=${encodeURIComponent(`tags:${t}`)}`} className="no-underline">
                    <Badge tone="blue">{t}</Badge>
                  </Link>
                </li>
              ))}
            </ul>
          ) : null}
          <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1.5 text-zinc-600 dark:text-zinc-400">
            <dt>Owner</dt>
            <dd>
              <Link href={`/${access.org.name}`} className="hover:underline">
                {access.org.name}
              </Link>
            </dd>
            <dt>Visibility</dt>
            <dd>
              <Badge tone={p.isPublic ? "green" : "neutral"}>{p.isPublic ? "Public" : "Private"}</Badge>
            </dd>
            <dt>Created</dt>
            <dd>
              <RelativeTime date={p.createdAt} />
            </dd>
            <dt>Updated</dt>
            <dd>
              <RelativeTime date={p.updatedAt} />
            </dd>
          </dl>
        </SideSection>

        {summary ? (
          <SideSection title={`Versions (${total.toLocaleString("en")}${anyCapped ? "+" : ""})`}>
            <ul aria-label="Versions per stage" className="space-y-1.5">
              {(["production", "staging", "testing", "disabled"] as const).map((s) => (
                <li key={s} className="flex items-center justify-between">
                  <Link href={`${base}/versions?query=${encodeURIComponent(`stage:${s}`)}`} className="no-underline">
                    <StageBadge stage={s} />
                  </Link>
                  <span className="text-zinc-600 tabular-nums dark:text-zinc-400">
                    {(summary.counts[s] ?? 0).toLocaleString("en")}
                    {summary.capped[s] ? "+" : ""}
                  </span>
                </li>
              ))}
            </ul>
            {aliases.length ? (
              <ul aria-label="Aliases" className="mt-3 flex flex-wrap gap-1.5">
                {aliases.map((a) => (
                  <li key={a.alias}>
                    <Link href={`${base}/versions/${encodeURIComponent(a.version)}`} title={`@${a.alias} → ${a.version}`} className="no-underline">
                      <Badge tone="violet" className="font-mono">
                        @{a.alias}{" "}
                        <span aria-hidden className="text-violet-400">
                          →
                        </span>
                        <span className="sr-only">points at</span> {a.version}
                      </Badge>
                    </Link>
                  </li>
                ))}
              </ul>
            ) : null}
            <p className="mt-3 text-zinc-600 dark:text-zinc-400">
              Latest in production:{" "}
              {latest ? (
                <Link href={`${base}/versions/${encodeURIComponent(latest)}`} className="font-medium text-accent-600 dark:text-accent-300 hover:underline">
                  {latest}
                </Link>
              ) : (
                "none yet"
              )}
            </p>
            {awaiting ? (
              <p className="mt-2 font-medium text-amber-700 dark:text-amber-400">
                <Link href={`${base}/versions`} className="hover:underline">
                  {awaiting === 1 ? "1 stage request awaits" : `${awaiting} stage requests await`} approval
                </Link>
              </p>
            ) : null}
          </SideSection>
        ) : (
          <SideSection title="Runs only">
            <p className="text-zinc-600 dark:text-zinc-400">
              Model versions are switched off here: this project holds training runs, which other models may promote.{" "}
              <Link href={`${base}/runs`} className="text-accent-600 dark:text-accent-300 hover:underline">
                See the runs
              </Link>
              .
            </p>
          </SideSection>
        )}

        {summary ? (
          <SideSection title="Downloads">
            <DownloadStatsSection stats={modelDownloadStats(db, await currentActor(), { owner: access.org.name, project: p.name })} what="model" />
          </SideSection>
        ) : null}

        {summary ? (
          <SideSection title="Use this model">
            <UseModelSnippet origin={host} owner={access.org.name} name={p.name} version={latest} isPublic={p.isPublic} />
          </SideSection>
        ) : null}

        <SideSection title="Recent activity">
          {activity.length === 0 ? <p className="text-zinc-500 dark:text-zinc-400">Nothing yet.</p> : <ActivityFeed rows={activity} base={base} compact />}
          <Link href={`${base}/activity`} className="mt-3 inline-block text-accent-600 dark:text-accent-300 hover:underline">
            All activity
          </Link>
        </SideSection>
      </aside>
    </div>
  );
}
