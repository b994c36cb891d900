import { pageAccess } from "../../page-access";
import { ConfirmDelete } from "@/components/ui/confirm-delete";
import { SettingsSection, SettingsTitle } from "@/components/project/settings-section";
import { deleteProjectAction } from "../actions";

export default async function DangerZone({ params }: { params: Promise<{ owner: string; project: string }> }) {
  const { owner, project } = await params;
  const { org, project: p } = await pageAccess(owner, project, "project.delete");
  return (
    <div>
      <SettingsTitle title="Danger zone" description="Actions here cannot be undone." />
      <SettingsSection title="Delete this model" tone="danger">
        <div className="flex flex-wrap items-center justify-between gap-4">
          <p className="max-w-md text-sm text-zinc-700 dark:text-zinc-300">
            Deletes{" "}
            <strong>
              {org.name}/{p.name}
            </strong>{" "}
            with all its versions, their stage history and files, its runs and its access grants.
          </p>
          <ConfirmDelete name={p.name} what="model" label="Delete this model" action={deleteProjectAction.bind(null, { owner: org.name, project: p.name })} />
        </div>
      </SettingsSection>
    </div>
  );
}
