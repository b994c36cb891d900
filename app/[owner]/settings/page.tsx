// General settings: display name and description (managers and owners), rename (owners).
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { orgCan } from "@/lib/authz";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody } from "@/components/ui/card";
import { OrgProfileForm, OrgRenameForm } from "@/components/org/org-profile-form";
import { renameOrgAction, updateOrgAction } from "./actions";
import { loadOrgPage } from "./load";
import { SettingsSection } from "./section";

type Props = { params: Promise<{ owner: string }>; searchParams: Promise<{ renamed?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Settings · ${(await params).owner}` };
}

export default async function OrgGeneralSettingsPage({ params, searchParams }: Props) {
  const { org } = await loadOrgPage((await params).owner);
  const { renamed } = await searchParams;
  if (!orgCan(org.viewerRole, "org.update")) redirect(`/${org.name}/settings/${org.personal ? "activity" : "members"}`);
  const canRename = orgCan(org.viewerRole, "org.delete") && !org.personal;
  return (
    <>
      {renamed ? (
        <div className="mb-6">
          <Alert tone="success">
            Renamed. The organization now lives at <strong>/{org.name}</strong>.
          </Alert>
        </div>
      ) : null}
      <SettingsSection title="General" description="How the organization presents itself.">
        <Card>
          <CardBody>
            <OrgProfileForm action={updateOrgAction.bind(null, org.name)} displayName={org.displayName} description={org.description} />
          </CardBody>
        </Card>
      </SettingsSection>
      {canRename ? (
        <SettingsSection title="Rename" description="Owners only: the name is the OWNER part of every model's address.">
          <Card>
            <CardBody>
              <OrgRenameForm action={renameOrgAction.bind(null, org.name)} name={org.name} />
            </CardBody>
          </Card>
        </SettingsSection>
      ) : null}
      {org.personal ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          This is your personal organization: it is named after your account and has only you as a member. Create an organization to work with a team.
        </p>
      ) : null}
    </>
  );
}
