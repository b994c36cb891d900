import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db";
import { projectCan } from "@/lib/authz";
import { currentActor } from "@/lib/auth/session";
import { renderMarkdown } from "@/lib/markdown";
import { NotFoundError } from "@/lib/registry/errors";
import { STAGES, getVersion } from "@/lib/registry/versions";
import { protectedStages } from "@/lib/registry/stages";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDelete } from "@/components/ui/confirm-delete";
import { RelativeTime } from "@/components/ui/relative-time";
import { StageBadge } from "@/components/version/stage-badge";
import { StageForm } from "@/components/version/stage-form";
import { changeStageAction, deleteVersionAction } from "./actions";

type Props = { params: Promise<{ owner: string; project: string; version: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { owner, project, version } = await params;
  return { title: `${decodeURIComponent(version)} · ${owner}/${project}` };
}

function MetaTable({ title, data }: { title: string; data: Record<string, unknown> }) {
  const entries = Object.entries(data);
  if (!entries.length) return null;
  return (
    <div>
      <h3 className="mb-1.5 text-xs font-semibold tracking-wide text-zinc-500 uppercase">{title}</h3>
      <dl className="grid grid-cols-[minmax(8rem,auto)_1fr] gap-x-4 gap-y-1 text-sm">
        {entries.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-zinc-600 dark:text-zinc-400">{k}</dt>
            <dd className="font-mono text-[13px] break-all">{typeof v === "object" ? JSON.stringify(v) : String(v)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function pretty(content: string | null): string | null {
  if (!content) return null;
  try {
    return JSON.stringify(JSON.parse(content), null, 2);
  } catch {
    return content;
  }
}

export default async function VersionPage({ params }: Props) {
  const { owner, project, version: raw } = await params;
  const version = decodeURIComponent(raw);
  const r = await getVersion(await getDb(), await currentActor(), owner, project, "model", version).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const { access, version: v, conditions } = r;
  const base = `/${access.org.name}/${access.project.name}`;
  const meta = v.metaInfo as Record<string, unknown>;
  const { metrics, params: hp, ...rest } = meta as { metrics?: Record<string, unknown>; params?: Record<string, unknown> };
  const prot = protectedStages(access);
  const allowed = STAGES.filter((s) => projectCan(access.role, prot.includes(s) || prot.includes(v.stage) ? "stage.protected" : "stage.change"));
  const ref = { owner: access.org.name, project: access.project.name, version: v.name };
  const content = pretty(v.content);
  return (
    <div className="grid gap-8 lg:grid-cols-[1fr_20rem]">
      <div className="min-w-0 space-y-6">
        <div className="flex flex-wrap items-center gap-3">
          <h2 className="text-2xl font-semibold tracking-tight">{v.name}</h2>
          <StageBadge stage={v.stage} />
          {v.tags.map((t) => <Badge key={t} tone="blue">{t}</Badge>)}
        </div>
        {v.description ? <p className="text-zinc-700 dark:text-zinc-300">{v.description}</p> : null}
        {metrics || hp || Object.keys(rest).length ? (
          <Card>
            <CardHeader><CardTitle>Metadata</CardTitle></CardHeader>
            <CardBody className="grid gap-5 sm:grid-cols-2">
              {metrics ? <MetaTable title="Metrics" data={metrics} /> : null}
              {hp ? <MetaTable title="Params" data={hp} /> : null}
              {Object.keys(rest).length ? <MetaTable title="Other" data={rest} /> : null}
            </CardBody>
          </Card>
        ) : null}
        {v.readme.trim() ? <Card><CardBody><div className="prose-md" dangerouslySetInnerHTML={{ __html: renderMarkdown(v.readme) }} /></CardBody></Card> : null}
        {content ? (
          <Card>
            <CardHeader><CardTitle>Content</CardTitle></CardHeader>
            <pre className="overflow-x-auto p-4 font-mono text-[13px] leading-5">{content}</pre>
          </Card>
        ) : null}
        <Card>
          <CardHeader><CardTitle>Stage history</CardTitle></CardHeader>
          <CardBody>
            <ol className="relative space-y-4 border-l border-zinc-200 pl-5 dark:border-zinc-800" aria-label="Stage history">
              {[...conditions].reverse().map((c, i) => (
                <li key={i} className="relative">
                  <span aria-hidden className="absolute top-1.5 -left-[25px] h-2.5 w-2.5 rounded-full border-2 border-white bg-accent-500 dark:border-zinc-900" />
                  <div className="flex flex-wrap items-center gap-2 text-sm">
                    {typeof c.meta_info.from_stage === "string" ? <><StageBadge stage={c.meta_info.from_stage} /><span aria-hidden>→</span></> : null}
                    <StageBadge stage={c.type} />
                    {c.status !== "True" ? <Badge tone="red">not applied</Badge> : null}
                    <span className="text-zinc-600 dark:text-zinc-400">by {String(c.meta_info.user ?? "someone")}</span>
                    <span className="text-xs text-zinc-500"><RelativeTime date={c.last_transition_time} /></span>
                  </div>
                  {c.reason || c.message ? <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300"><strong>{c.reason}</strong>{c.reason && c.message ? " — " : ""}{c.message}</p> : null}
                </li>
              ))}
            </ol>
          </CardBody>
        </Card>
      </div>
      <aside className="space-y-6 text-sm" aria-label="Version details">
        <section>
          <h2 className="mb-2 font-semibold">Lineage</h2>
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1.5 text-zinc-600 dark:text-zinc-400">
            <dt>Run</dt>
            <dd className="break-all">
              {v.runUuid ? <Link href={`/${access.org.name}/${v.runProject}/runs/${v.runUuid}`} className="text-accent-600 hover:underline">{access.org.name}/{v.runProject} · {v.runUuid.slice(0, 8)}</Link>
                : v.externalRun?.url ? <a href={v.externalRun.url} rel="nofollow noopener noreferrer" className="text-accent-600 hover:underline">{v.externalRun.uuid ?? v.externalRun.url}</a>
                : v.externalRun?.uuid ?? "—"}
            </dd>
            {v.copiedFromId ? <><dt>Copied from</dt><dd>{String((conditions[0]?.meta_info.copied_from as string | undefined) ?? "another version")}</dd></> : null}
            <dt>Artifacts</dt><dd>{v.artifacts.length ? v.artifacts.join(", ") : "—"}</dd>
            <dt>Created</dt><dd><RelativeTime date={v.createdAt} /> by {v.createdBy ?? "—"}</dd>
            <dt>UUID</dt><dd className="font-mono text-xs break-all">{v.uuid}</dd>
          </dl>
        </section>
        {allowed.length > 1 ? (
          <section>
            <h2 className="mb-2 font-semibold">Stage</h2>
            <StageForm action={changeStageAction.bind(null, ref)} current={v.stage} allowed={allowed} />
            {!projectCan(access.role, "stage.protected") ? <p className="mt-2 text-xs text-zinc-500">Moving into or out of {prot.join(", ")} needs a project admin.</p> : null}
          </section>
        ) : null}
        {projectCan(access.role, "version.delete") ? (
          <section className="rounded-lg border border-red-200 p-4 dark:border-red-900">
            <h2 className="mb-2 font-semibold text-red-700 dark:text-red-400">Danger zone</h2>
            <ConfirmDelete name={v.name} what="version" action={deleteVersionAction.bind(null, ref)} />
          </section>
        ) : null}
      </aside>
    </div>
  );
}
