// Teams of the organization; managers and owners create them.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { orgCan } from "@/lib/authz";
import { listTeams } from "@/lib/registry/teams";
import { Card, CardBody } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { CreateTeamForm } from "@/components/org/team-forms";
import { createTeamAction } from "./actions";
import { listParams } from "@/lib/page-params";
import { Pager } from "@/components/ui/pager";
import { loadOrgPage } from "../load";
import { SettingsSection } from "../section";

const PAGE_SIZE = 50;
type Props = { params: Promise<{ owner: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Teams · ${(await params).owner}` };
}

export default async function OrgTeamsPage({ params, searchParams }: Props) {
  const { db, actor, org } = await loadOrgPage((await params).owner);
  if (org.personal) notFound();
  const { offset, limit } = listParams(await searchParams, PAGE_SIZE);
  const { count, rows } = await listTeams(db, actor, org.name, { limit, offset });
  const canManage = orgCan(org.viewerRole, "teams.manage");
  return (
    <>
      <SettingsSection title="Teams" description="Groups of members. A model restricted to teams is open only to them (and to managers and owners).">
        {rows.length === 0 ? (
          <EmptyState title="No teams yet">
            {canManage
              ? "Create a team below, add members to it, then restrict a model to it in the model's access settings."
              : "Managers and owners create teams."}
          </EmptyState>
        ) : (
          <Table aria-label="Teams">
            <THead>
              <tr>
                <TH>Team</TH>
                <TH className="text-right">Members</TH>
                <TH className="text-right">Created</TH>
              </tr>
            </THead>
            <TBody>
              {rows.map((t) => (
                <TR key={t.name}>
                  <TD>
                    <Link href={`/${org.name}/settings/teams/${t.name}`} className="font-medium">
                      {t.name}
                    </Link>
                    {t.description ? <div className="text-xs text-zinc-500 dark:text-zinc-400">{t.description}</div> : null}
                  </TD>
                  <TD className="text-right tabular-nums">{t.membersCount}</TD>
                  <TD className="text-right whitespace-nowrap text-zinc-500 dark:text-zinc-400">
                    <RelativeTime date={t.createdAt} />
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
        {count > limit || offset > 0 ? <Pager basePath={`/${org.name}/settings/teams`} params={{}} offset={offset} limit={limit} count={count} /> : null}
      </SettingsSection>
      {canManage ? (
        <SettingsSection title="Create a team">
          <Card>
            <CardBody>
              <CreateTeamForm action={createTeamAction.bind(null, org.name)} />
            </CardBody>
          </Card>
        </SettingsSection>
      ) : null}
    </>
  );
}
