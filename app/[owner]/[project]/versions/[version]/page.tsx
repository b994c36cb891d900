import { CodeBlock } from "@/components/ui/code-block";
import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { registryDb } from "@/lib/registry/request";
import { projectCan } from "@/lib/authz";
import { currentActor } from "@/lib/auth/session";
import { renderMarkdown } from "@/lib/markdown";
import { NotFoundError } from "@/lib/registry/errors";
import { aliasHistoryOf, canMoveAlias, listAliasesOf, protectedAliases } from "@/lib/registry/aliases";
import { pendingRequestOf } from "@/lib/registry/approvals";
import { allowedStages, protectedStages, requestableStages, requiresApproval } from "@/lib/registry/stages";
import { exclusiveFallback, holdersOf, retiresHolders } from "@/lib/registry/exclusive-stages";
import { moveTargets } from "@/lib/registry/version-transfer";
import { getVersion } from "@/lib/registry/versions";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDelete } from "@/components/ui/confirm-delete";
import { RelativeTime } from "@/components/ui/relative-time";
import { AliasControls } from "@/components/version/alias-controls";
import { MetaTable } from "@/components/version/meta-table";
import { MoveDialog } from "@/components/version/move-dialog";
import { StageBadge } from "@/components/version/stage-badge";
import { StageChangeDialog } from "@/components/version/stage-change-dialog";
import { StageRequestBanner } from "@/components/version/stage-request";
import { StageTimeline } from "@/components/version/stage-timeline";
import { VersionLineage } from "@/components/version/version-lineage";
import { LineageDiagram } from "@/components/version/lineage-diagram";
import { VersionFiles } from "@/components/files/version-files";
import { DownloadStatsSection } from "@/components/downloads/download-stats";
import { versionDownloadStats } from "@/lib/registry/downloads";
import { changeStageAction, decideStageAction, deleteVersionAction, moveVersionAction, removeAliasAction, setAliasAction } from "./actions";

type Props = { params: Promise<{ owner: string; project: string; version: string }> };

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { owner, project, version } = await params;
  return { title: `${decode(version)} · ${owner}/${project}` };
}

/** JSON content pretty-printed; YAML or anything else as written. */
function pretty(content: string | null): { text: string; lang: "json" | "text" } | null {
  if (!content?.trim()) return null;
  try {
    return { text: JSON.stringify(JSON.parse(content), null, 2), lang: "json" };
  } catch {
    return { text: content, lang: "text" };
  }
}

function SideSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="border-t border-zinc-200 pt-4 first:border-t-0 first:pt-0 dark:border-zinc-800">
      <h2 className="mb-2.5 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{title}</h2>
      {children}
    </section>
  );
}

export default async function VersionPage({ params }: Props) {
  const { owner, project, version: raw } = await params;
  const db = await registryDb();
  const actor = await currentActor();
  const r = await getVersion(db, actor, owner, project, "model", decode(raw)).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const { access, version: v, conditions } = r;
  const base = `/${access.org.name}/${access.project.name}`;
  const ref = { owner: access.org.name, project: access.project.name, version: v.name };
  const prot = protectedStages(access);
  const stages = allowedStages(access, v.stage);
  const canEdit = projectCan(access.role, "version.write");
  const canMove = projectCan(access.role, "version.transfer");
  const [targets, request, modelAliases, aliasHistory] = await Promise.all([
    canMove ? moveTargets(db, actor, access).then((ts) => ts.map((t) => t.name)) : Promise.resolve([] as string[]),
    pendingRequestOf(db, v.id),
    listAliasesOf(db, access.project.id),
    aliasHistoryOf(db, v.id),
  ]);
  const canSetAlias = projectCan(access.role, "alias.set");
  const lockedAliases = protectedAliases(access).filter((a) => !canMoveAlias(access, a));
  // A member may ask for a protected stage when the model requires approval, one request at a time.
  const requestable = request ? [] : requestableStages(access, v.stage);
  // What entering an exclusive stage would retire, for the dialog to say before the move is confirmed.
  const fallback = exclusiveFallback(access);
  const retires = Object.fromEntries(
    await Promise.all(
      [...stages, ...requestable]
        .filter((st) => retiresHolders(access, st))
        .map(async (st) => [st, { names: (await holdersOf(db, access.project.id, st, v.id)).map((h) => h.name), to: fallback }] as const),
    ),
  );
  const approval = requiresApproval(access);
  const isAuthor = Boolean(request && actor.kind === "user" && request.requestedById === actor.userId);
  // "since": the last change that moved the version, not a request or a decision that left it where it was.
  const since = conditions.findLast((c) => c.status === "True")?.last_transition_time ?? v.createdAt;
  const content = pretty(v.content);
  const copiedFrom = v.copiedFrom ?? (conditions[0]?.meta_info.copied_from as string | undefined) ?? (v.copiedFromId ? "a deleted version" : null);
  return (
    <div className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_19rem]">
      <div className="min-w-0 space-y-6">
        <div>
          <nav aria-label="Breadcrumb" className="mb-1 text-sm text-zinc-500 dark:text-zinc-400">
            <Link href={`${base}/versions`} className="hover:underline">
              Versions
            </Link>{" "}
            <span aria-hidden>/</span>
          </nav>
          <div className="flex flex-wrap items-center gap-3">
            <h2 className="font-mono text-2xl font-semibold tracking-tight">{v.name}</h2>
            <StageBadge stage={v.stage} />
            {v.aliases.map((a) => (
              <Badge key={`@${a}`} tone="violet" className="font-mono">
                @{a}
              </Badge>
            ))}
            {v.tags.map((t) => (
              <Badge key={t} tone="blue">
                {t}
              </Badge>
            ))}
          </div>
          <p className="mt-2 text-zinc-700 dark:text-zinc-300">{v.description || <span className="text-zinc-500 dark:text-zinc-400">No description.</span>}</p>
          <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
            Registered by {v.createdBy ?? "a deleted user"} <RelativeTime date={v.createdAt} /> · updated <RelativeTime date={v.updatedAt} />
          </p>
        </div>
        {request ? (
          <StageRequestBanner
            request={request}
            canDecide={projectCan(access.role, "stage.approve")}
            isAuthor={isAuthor}
            actions={{
              approve: decideStageAction.bind(null, ref, "approve"),
              reject: decideStageAction.bind(null, ref, "reject"),
              withdraw: decideStageAction.bind(null, ref, "withdraw"),
            }}
          />
        ) : null}
        <MetaTable meta={v.metaInfo} />
        {v.readme.trim() ? (
          <Card>
            <CardHeader>
              <CardTitle>Readme</CardTitle>
            </CardHeader>
            <CardBody>
              {/* biome-ignore lint/security/noDangerouslySetInnerHtml: renderMarkdown sanitises (lib/markdown: sanitize-html allow-list) */}
              <div className="prose-md" dangerouslySetInnerHTML={{ __html: renderMarkdown(v.readme) }} />
            </CardBody>
          </Card>
        ) : null}
        {content ? (
          <Card>
            <CardHeader className="flex items-center justify-between">
              <CardTitle>Content</CardTitle>
              <span className="text-xs text-zinc-500 dark:text-zinc-400">{content.lang === "json" ? "JSON" : "text"}</span>
            </CardHeader>
            <CodeBlock className="max-h-96 overflow-auto p-4 font-mono text-[13px] leading-5">{content.text}</CodeBlock>
          </Card>
        ) : null}
        <VersionFiles owner={ref.owner} project={ref.project} version={ref.version} />
        <LineageDiagram {...ref} />
        <Card>
          <CardHeader>
            <CardTitle>Stage history</CardTitle>
          </CardHeader>
          <CardBody>
            <StageTimeline conditions={conditions} aliasEvents={aliasHistory} />
          </CardBody>
        </Card>
      </div>
      <aside className="space-y-5 text-sm" aria-label="Version details">
        <SideSection title="Stage">
          <div className="mb-3 flex items-center gap-2">
            <StageBadge stage={v.stage} />
            <span className="text-xs text-zinc-500 dark:text-zinc-400">
              since <RelativeTime date={since} />
            </span>
          </div>
          {stages.length || requestable.length ? (
            <StageChangeDialog
              action={changeStageAction.bind(null, ref)}
              version={v.name}
              current={v.stage}
              allowed={stages}
              requestable={requestable}
              protectedStages={prot}
              retires={retires}
            />
          ) : null}
          {canEdit && !projectCan(access.role, "stage.protected") && prot.length ? (
            <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">
              {approval
                ? request
                  ? `Moving into or out of ${prot.join(", ")} needs a project admin's approval; a request is already pending.`
                  : `Moving into or out of ${prot.join(", ")} needs a project admin's approval: choose it and your request waits for one.`
                : `Moving into or out of ${prot.join(", ")} needs a project admin.`}
            </p>
          ) : null}
        </SideSection>
        <SideSection title="Aliases">
          <AliasControls
            version={v.name}
            aliases={v.aliases}
            modelAliases={Object.fromEntries(modelAliases.map((a) => [a.alias, a.version]))}
            locked={lockedAliases}
            canSet={canSetAlias}
            setAction={setAliasAction.bind(null, ref)}
            removeAction={removeAliasAction.bind(null, ref)}
          />
        </SideSection>
        <SideSection title="Lineage">
          <VersionLineage version={v} copiedFrom={copiedFrom} />
        </SideSection>
        <SideSection title="Downloads">
          <DownloadStatsSection stats={versionDownloadStats(db, actor, { ...ref, kind: "model" })} what="version" />
        </SideSection>
        <SideSection title="Details">
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1.5 text-zinc-600 dark:text-zinc-400">
            <dt>Kind</dt>
            <dd>{v.kind}</dd>
            <dt>Created</dt>
            <dd>
              <RelativeTime date={v.createdAt} /> by {v.createdBy ?? "—"}
            </dd>
            <dt>UUID</dt>
            <dd className="font-mono text-xs break-all">{v.uuid}</dd>
          </dl>
        </SideSection>
        <SideSection title="Use this version">
          <CodeBlock className="overflow-x-auto rounded-md bg-zinc-900 p-3 font-mono text-xs leading-5 text-zinc-100">
            <code>{`modelreg models get \\\n  -p ${ref.owner}/${ref.project} -ver ${v.name}\nmodelreg models pull \\\n  -p ${ref.owner}/${ref.project} -ver ${v.name} \\\n  --path ./model`}</code>
          </CodeBlock>
        </SideSection>
        {canEdit || (canMove && targets.length) ? (
          <SideSection title="Manage">
            <div className="space-y-2">
              {canEdit ? (
                <ButtonLink href={`${base}/versions/${encodeURIComponent(v.name)}/edit`} variant="secondary" className="w-full">
                  Edit version
                </ButtonLink>
              ) : null}
              {canMove && targets.length ? (
                <MoveDialog action={moveVersionAction.bind(null, ref)} version={v.name} project={access.project.name} targets={targets} />
              ) : null}
            </div>
          </SideSection>
        ) : null}
        {projectCan(access.role, "version.delete") ? (
          <section className="rounded-lg border border-red-200 p-4 dark:border-red-900" aria-label="Danger zone">
            <h2 className="mb-1 font-semibold text-red-700 dark:text-red-400">Danger zone</h2>
            <p className="mb-3 text-xs text-zinc-600 dark:text-zinc-400">Deleting removes the version, its stage history and its files.</p>
            <ConfirmDelete name={v.name} what="version" action={deleteVersionAction.bind(null, ref)} />
          </section>
        ) : null}
      </aside>
    </div>
  );
}
