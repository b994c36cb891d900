import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { projectCan } from "@/lib/authz";
import { currentActor } from "@/lib/auth/session";
import { renderMarkdown } from "@/lib/markdown";
import { loadProjectAccess } from "@/lib/registry/access";
import { listActivityRows } from "@/lib/registry/activity";
import { stageSummary } from "@/lib/registry/versions";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardBody } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { StageBadge } from "@/components/version/stage-badge";

type Props = { params: Promise<{ owner: string; project: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { owner, project } = await params;
  return { title: `${owner}/${project}` };
}

export default async function ModelOverview({ params }: Props) {
  const { owner, project } = await params;
  const db = await getDb();
  // The layout has already turned an invisible model into a 404.
  const access = await loadProjectAccess(db, await currentActor(), owner, project);
  const p = access.project;
  const base = `/${access.org.name}/${p.name}`;
  const [summary, activity] = await Promise.all([stageSummary(db, access), listActivityRows(db, { projectId: p.id }, { limit: 5 })]);
  const canAdmin = projectCan(access.role, "project.settings");
  const host = "http://localhost:3000";
  const latest = summary.latestProduction?.name;
  return (
    <div className="grid gap-8 lg:grid-cols-[1fr_18rem]">
      <article aria-label="Model card" className="min-w-0">
        {p.readme.trim() ? (
          <Card><CardBody><div className="prose-md" dangerouslySetInnerHTML={{ __html: renderMarkdown(p.readme) }} /></CardBody></Card>
        ) : (
          <EmptyState title="No model card yet" action={canAdmin ? <ButtonLink href={`${base}/settings`} variant="secondary">Write a README</ButtonLink> : null}>
            A model card tells people what the model does, how it was trained and how to use it.
          </EmptyState>
        )}
      </article>
      <aside className="space-y-6 text-sm" aria-label="About this model">
        <section>
          <h2 className="mb-2 font-semibold">About</h2>
          <p className="text-zinc-700 dark:text-zinc-300">{p.description || <span className="text-zinc-500">No description.</span>}</p>
          {p.tags.length ? <div className="mt-3 flex flex-wrap gap-1.5">{p.tags.map((t) => <Badge key={t} tone="blue">{t}</Badge>)}</div> : null}
          <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-zinc-600 dark:text-zinc-400">
            <dt>Owner</dt><dd><Link href={`/${access.org.name}`} className="hover:underline">{access.org.name}</Link></dd>
            <dt>Visibility</dt><dd>{p.isPublic ? "Public" : "Private"}</dd>
            <dt>Updated</dt><dd><RelativeTime date={p.updatedAt} /></dd>
          </dl>
        </section>
        <section>
          <h2 className="mb-2 font-semibold">Versions</h2>
          <ul className="space-y-1.5">
            {(["production", "staging", "testing", "disabled"] as const).map((s) => (
              <li key={s} className="flex items-center justify-between">
                <Link href={`${base}/versions?query=${encodeURIComponent(`stage:${s}`)}`}><StageBadge stage={s} /></Link>
                <span className="tabular-nums text-zinc-600 dark:text-zinc-400">{summary.counts[s] ?? 0}</span>
              </li>
            ))}
          </ul>
          <p className="mt-3 text-zinc-600 dark:text-zinc-400">
            Latest in production:{" "}
            {latest ? <Link href={`${base}/versions/${latest}`} className="font-medium text-accent-600 hover:underline">{latest}</Link> : "none yet"}
          </p>
        </section>
        <section>
          <h2 className="mb-2 font-semibold">Use this model</h2>
          <pre className="overflow-x-auto rounded-md bg-zinc-900 p-3 text-xs leading-5 text-zinc-100"><code>{`modelreg models get -p ${access.org.name}/${p.name}${latest ? ` -ver ${latest}` : ""}
modelreg models pull -p ${access.org.name}/${p.name}${latest ? ` -ver ${latest}` : ""} --path ./model

curl -H "Authorization: Bearer $TOKEN" \\
  ${host}/api/v1/${access.org.name}/${p.name}/versions/model${latest ? `/${latest}` : ""}`}</code></pre>
        </section>
        <section>
          <h2 className="mb-2 font-semibold">Recent activity</h2>
          {activity.length === 0 ? <p className="text-zinc-500">Nothing yet.</p> : (
            <ul className="space-y-2">
              {activity.map((a) => (
                <li key={a.id} className="text-zinc-600 dark:text-zinc-400">
                  <span className="font-medium text-zinc-800 dark:text-zinc-200">{a.actor ?? "someone"}</span> {a.verb.replace(/^[a-z]+\./, "").replace(/_/g, " ")} {a.target}{" "}
                  <span className="text-xs text-zinc-500"><RelativeTime date={a.createdAt} /></span>
                </li>
              ))}
            </ul>
          )}
          <Link href={`${base}/activity`} className="mt-2 inline-block text-accent-600 hover:underline">All activity</Link>
        </section>
      </aside>
    </div>
  );
}
