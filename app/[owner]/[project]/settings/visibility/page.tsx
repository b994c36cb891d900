import { pageAccess } from "../../page-access";
import { Badge } from "@/components/ui/badge";
import { SettingsSection, SettingsTitle } from "@/components/project/settings-section";
import { VisibilitySwitch } from "@/components/project/visibility-switch";
import { saveVisibilityAction } from "../actions";

export default async function VisibilitySettings({ params }: { params: Promise<{ owner: string; project: string }> }) {
  const { owner, project } = await params;
  const { org, project: p } = await pageAccess(owner, project, "project.settings");
  const ref = { owner: org.name, project: p.name };
  return (
    <div>
      <SettingsTitle title="Visibility" description="Who can read this model. Changing anything always needs access." />
      <SettingsSection title="Current visibility">
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="max-w-md text-sm">
            <Badge tone={p.isPublic ? "green" : "neutral"}>{p.isPublic ? "Public" : "Private"}</Badge>
            <p className="mt-2 text-zinc-700 dark:text-zinc-300">
              {p.isPublic
                ? "Anyone can read this model — its card, versions, metadata and files — even signed out. It is listed on the organization page for everyone."
                : `Only people with access can see it: members of ${org.name} (or of the teams it is restricted to) and people granted access. To everyone else it does not exist.`}
            </p>
          </div>
          <VisibilitySwitch name={`${org.name}/${p.name}`} isPublic={p.isPublic} action={saveVisibilityAction.bind(null, ref, !p.isPublic)} />
        </div>
      </SettingsSection>
    </div>
  );
}
