// Members: everyone in the organization with their role. Managers and owners add, re-role and
// remove (only owners touch owners); anyone may leave. The registry decides; this page only hides
// controls that would be refused.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ORG_ROLES, orgCan } from "@/lib/authz";
import { listMembers } from "@/lib/registry/members";
import { Card, CardBody } from "@/components/ui/card";
import { Table, TBody, THead } from "@/components/ui/table";
import { AddMemberForm } from "@/components/org/add-member-form";
import { ConfirmButton } from "@/components/org/confirm-button";
import { MemberRoleHead, MemberRoleRow } from "@/components/org/member-role-row";
import { addMemberAction, changeRoleAction, leaveOrgAction, removeMemberAction } from "../actions";
import { listParams } from "@/lib/page-params";
import { Pager } from "@/components/ui/pager";
import { loadOrgPage } from "../load";
import { SettingsSection } from "../section";

const PAGE_SIZE = 50;
type Props = { params: Promise<{ owner: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Members · ${(await params).owner}` };
}

export default async function OrgMembersPage({ params, searchParams }: Props) {
  const { db, actor, org } = await loadOrgPage((await params).owner);
  if (org.personal) notFound();
  const { offset, limit } = listParams(await searchParams, PAGE_SIZE);
  const { count, rows } = await listMembers(db, actor, org.name, { limit, offset });
  const canManage = orgCan(org.viewerRole, "members.manage");
  const canOwners = orgCan(org.viewerRole, "owners.manage");
  const assignable = ORG_ROLES.filter((r) => r !== "owner" || canOwners);
  const me = actor.kind === "user" ? actor.username : null;
  return (
    <>
      {canManage ? (
        <SettingsSection title="Add a member" description="Anyone with an account here, by username or email.">
          <Card>
            <CardBody>
              <AddMemberForm action={addMemberAction.bind(null, org.name)} roles={[...assignable]} />
            </CardBody>
          </Card>
        </SettingsSection>
      ) : null}
      <SettingsSection
        title="Members"
        description={`${count} ${count === 1 ? "person" : "people"} in ${org.displayName || org.name}.${canManage ? "" : " Managers and owners manage members."}`}
      >
        <Table aria-label="Members">
          <THead>
            <MemberRoleHead since="Joined" />
          </THead>
          <TBody>
            {rows.map((m) => {
              const self = m.username === me;
              const editable = canManage && (m.role !== "owner" || canOwners);
              return (
                <MemberRoleRow
                  key={m.username}
                  testId={`member-${m.username}`}
                  user={m}
                  you={self}
                  role={m.role}
                  roleSelect={
                    editable
                      ? {
                          action: changeRoleAction.bind(null, org.name, m.username),
                          roles: m.role === "owner" || canOwners ? ORG_ROLES : assignable,
                          label: `Role of ${m.username}`,
                        }
                      : null
                  }
                  since={m.createdAt}
                  actions={
                    self ? (
                      <ConfirmButton
                        action={leaveOrgAction.bind(null, org.name)}
                        label="Leave"
                        title={`Leave ${org.name}?`}
                        description="You lose access to its private models. An owner or manager can add you back."
                        confirmLabel="Leave organization"
                      />
                    ) : editable ? (
                      <ConfirmButton
                        action={removeMemberAction.bind(null, org.name, m.username)}
                        label="Remove"
                        accessibleName={`Remove ${m.username}`}
                        title={`Remove ${m.username} from ${org.name}?`}
                        description="They lose access to the organization's private models and leave its teams."
                        confirmLabel="Remove member"
                      />
                    ) : null
                  }
                />
              );
            })}
          </TBody>
        </Table>
        {count > limit || offset > 0 ? <Pager basePath={`/${org.name}/settings/members`} params={{}} offset={offset} limit={limit} count={count} /> : null}
      </SettingsSection>
    </>
  );
}
