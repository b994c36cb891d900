// One team: its members and their team roles; managers and owners edit it.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PROJECT_ROLES, orgCan } from "@/lib/authz";
import { NotFoundError } from "@/lib/registry/errors";
import { memberUsernames } from "@/lib/registry/members";
import { getTeam } from "@/lib/registry/teams";
import { Card, CardBody } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, THead } from "@/components/ui/table";
import { ConfirmButton } from "@/components/org/confirm-button";
import { DangerDelete } from "@/components/org/confirm-name-dialog";
import { MemberRoleHead, MemberRoleRow } from "@/components/org/member-role-row";
import { AddTeamMemberForm, TeamSettingsForm } from "@/components/org/team-forms";
import { deleteTeamAction, removeTeamMemberAction, setTeamMemberAction, updateTeamAction } from "../actions";
import { loadOrgPage } from "../../load";
import { SettingsSection } from "../../section";

type Props = { params: Promise<{ owner: string; team: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { owner, team } = await params;
  return { title: `${team} · Teams · ${owner}` };
}

export default async function TeamPage({ params }: Props) {
  const { owner, team: teamName } = await params;
  const { db, actor, org } = await loadOrgPage(owner);
  const team = await getTeam(db, actor, org.name, teamName).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const canManage = orgCan(org.viewerRole, "teams.manage");
  const inTeam = new Set(team.members.map((m) => m.username));
  const me = actor.kind === "user" ? actor.username : null;
  const candidates = canManage ? (await memberUsernames(db, actor, org.name)).filter((u) => !inTeam.has(u)) : [];
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={`/${org.name}/settings/teams`} className="text-zinc-600 no-underline hover:underline dark:text-zinc-400">
          ← Teams
        </Link>
      </p>
      <SettingsSection title={team.name} description={team.description || "No description."}>
        {team.members.length === 0 ? (
          <EmptyState title="Nobody in this team yet">
            {canManage ? "Add members of the organization below." : "Managers and owners add members to teams."}
          </EmptyState>
        ) : (
          <Table aria-label="Team members">
            <THead>
              <MemberRoleHead role="Team role" since="Added" />
            </THead>
            <TBody>
              {team.members.map((m) => (
                <MemberRoleRow
                  key={m.username}
                  user={m}
                  you={m.username === me}
                  role={m.role}
                  roleSelect={
                    canManage
                      ? {
                          action: setTeamMemberAction.bind(null, org.name, team.name),
                          roles: PROJECT_ROLES,
                          label: `Team role of ${m.username}`,
                          user: m.username,
                        }
                      : null
                  }
                  since={m.createdAt}
                  actions={
                    canManage ? (
                      <ConfirmButton
                        action={removeTeamMemberAction.bind(null, org.name, team.name, m.username)}
                        label="Remove"
                        accessibleName={`Remove ${m.username} from the team`}
                        title={`Remove ${m.username} from ${team.name}?`}
                        description="They keep their organization role, but lose what this team grants."
                        confirmLabel="Remove from team"
                      />
                    ) : null
                  }
                />
              ))}
            </TBody>
          </Table>
        )}
      </SettingsSection>
      {canManage ? (
        <>
          <SettingsSection title="Add a member to the team">
            <Card>
              <CardBody>
                <AddTeamMemberForm action={setTeamMemberAction.bind(null, org.name, team.name)} candidates={candidates} />
              </CardBody>
            </Card>
          </SettingsSection>
          <SettingsSection title="Team settings">
            <Card>
              <CardBody>
                <TeamSettingsForm action={updateTeamAction.bind(null, org.name, team.name)} name={team.name} description={team.description} />
              </CardBody>
            </Card>
          </SettingsSection>
          <DangerDelete
            action={deleteTeamAction.bind(null, org.name, team.name)}
            name={team.name}
            what="team"
            consequences="Its members stay in the organization; models restricted to this team lose that restriction entry."
          />
        </>
      ) : null}
    </>
  );
}
