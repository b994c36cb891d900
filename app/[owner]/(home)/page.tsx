// The organization page: its models the viewer may see, filtered and sorted with PQL (kept in the URL).
import { CodeBlock } from "@/components/ui/code-block";
import type { Metadata } from "next";
import Link from "next/link";
import { orgCan } from "@/lib/authz";
import { listParams } from "@/lib/page-params";
import { InvalidError } from "@/lib/registry/errors";
import { listProjects, type ProjectList as ProjectListData } from "@/lib/registry/projects";
import { FLASH_PARAMS, orgFlash } from "@/lib/flash";
import { Alert } from "@/components/ui/alert";
import { FlashNotice } from "@/components/ui/flash-notice";
import { PendingRegion } from "@/components/ui/pending";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Pager } from "@/components/ui/pager";
import { OrgHeader } from "@/components/org/org-header";
import { ProjectList } from "@/components/project/project-list";
import { ProjectQueryBar } from "@/components/project/project-query-bar";
import { loadOrgHome } from "./load-org";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ owner: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).owner };
}

function Cli({ children }: { children: string }) {
  return (
    <CodeBlock className="mt-3 overflow-x-auto rounded-md bg-zinc-900 px-3 py-2 text-left text-xs text-zinc-100 dark:bg-black">
      <code>{children}</code>
    </CodeBlock>
  );
}

export default async function OrganizationPage({ params, searchParams }: Props) {
  const { owner } = await params;
  const { query, sort, offset, limit, one } = listParams(await searchParams, 20);
  const { db, actor, org } = await loadOrgHome(owner);
  let error: string | null = null;
  const empty: ProjectListData = { count: 0, capped: false, results: [] };
  // A bad query is the user's typo, not a failure: show it next to the box, with nothing listed.
  const list = await listProjects(db, actor, org.name, { query, sort, limit, offset }).catch((err) => {
    if (err instanceof InvalidError) {
      error = err.message;
      return empty;
    }
    throw err;
  });
  const canCreate = orgCan(org.viewerRole, "project.create");
  const base = `/${org.name}`;
  const filtered = Boolean(query) || Boolean(error);
  const flash = orgFlash(org.name, one);
  return (
    <>
      {flash ? <FlashNotice message={flash} params={FLASH_PARAMS} /> : null}
      {one("welcome") ? (
        <div className="mb-4">
          <Alert tone="success">
            Welcome to Modelreg! This is your personal organization, <strong>{org.name}</strong>. Create your first model below.
          </Alert>
        </div>
      ) : null}
      <OrgHeader org={org} />
      <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-lg font-semibold">
          Models{" "}
          <span className="ml-1 text-sm font-normal text-zinc-500 dark:text-zinc-400 tabular-nums">
            {list.count.toLocaleString("en")}
            {list.capped ? "+" : ""}
          </span>
        </h2>
        <div className="flex gap-2">
          <ButtonLink href={`/orgs/${org.name}/deployed`} variant="secondary">
            In production
          </ButtonLink>
          {canCreate ? <ButtonLink href={`${base}/new`}>New model</ButtonLink> : null}
        </div>
      </div>
      <PendingRegion>
        {/* Nothing to search yet: keep a newcomer's page to the one thing to do next. */}
        {list.count > 0 || filtered || offset > 0 ? <ProjectQueryBar basePath={base} query={query} sort={sort} error={error} /> : null}
        {list.results.length === 0 ? (
          filtered ? (
            <EmptyState title="No model matches this query">
              <p>
                Try a broader query, or{" "}
                <Link href={base} className="text-accent-600 dark:text-accent-300 underline">
                  clear it
                </Link>
                . Values with <code>%</code> search inside names: <code>name:%fraud%</code>.
              </p>
            </EmptyState>
          ) : canCreate ? (
            <EmptyState title="No models yet" action={<ButtonLink href={`${base}/new`}>Create a model</ButtonLink>}>
              <p>A model keeps the versions of one model: their metadata, files, stage and history. Create one here, or from the CLI:</p>
              <Cli>{`modelreg project create --name ${org.name}/my-model`}</Cli>
            </EmptyState>
          ) : actor.kind === "user" ? (
            <EmptyState title="No models you can see">
              <p>
                {org.name} has no models shared with you. Ask an admin of {org.name} for access, or browse the public ones of other organizations.
              </p>
            </EmptyState>
          ) : (
            <EmptyState
              title="No public models"
              action={
                <ButtonLink href={`/login?callbackUrl=${encodeURIComponent(base)}`} variant="secondary">
                  Sign in
                </ButtonLink>
              }
            >
              <p>{org.name} has no public models. Sign in to see the ones shared with you.</p>
            </EmptyState>
          )
        ) : (
          <ProjectList owner={org.name} projects={list.results} />
        )}
        {list.count > limit || offset > 0 ? (
          <Pager
            basePath={base}
            params={{ ...(query ? { query } : {}), ...(sort ? { sort } : {}) }}
            offset={offset}
            limit={limit}
            count={list.count}
            capped={list.capped}
          />
        ) : null}
      </PendingRegion>
    </>
  );
}
