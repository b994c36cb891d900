// Danger zone: delete the organization (owners; not a personal organization).
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { orgCan } from "@/lib/authz";
import { DangerDelete } from "@/components/org/confirm-name-dialog";
import { deleteOrgAction } from "../actions";
import { loadOrgPage } from "../load";
import { SettingsSection } from "../section";

type Props = { params: Promise<{ owner: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Danger zone · ${(await params).owner}` };
}

export default async function OrgDangerPage({ params }: Props) {
  const { org } = await loadOrgPage((await params).owner);
  if (!orgCan(org.viewerRole, "org.delete") || org.personal) notFound();
  return (
    <SettingsSection title="Danger zone" description="Irreversible actions. Only owners see this page.">
      <DangerDelete
        action={deleteOrgAction.bind(null, org.name)}
        name={org.name}
        what="organization"
        consequences="Deletes every model of this organization with its versions, runs and files, its teams, memberships and activity."
      />
    </SettingsSection>
  );
}
