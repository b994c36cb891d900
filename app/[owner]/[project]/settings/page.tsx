import type { Metadata } from "next";
import { pageAccess } from "../page-access";
import { Alert } from "@/components/ui/alert";
import { GeneralSettingsForm } from "@/components/project/general-settings-form";
import { previewMarkdownAction } from "@/components/project/markdown-preview-action";
import { SettingsTitle } from "@/components/project/settings-section";
import { saveGeneralAction } from "./actions";

type Props = { params: Promise<{ owner: string; project: string }>; searchParams: Promise<{ renamed?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { owner, project } = await params;
  return { title: `Settings · ${owner}/${project}` };
}

export default async function GeneralSettings({ params, searchParams }: Props) {
  const { owner, project } = await params;
  const { renamed } = await searchParams;
  const { org, project: p } = await pageAccess(owner, project, "project.settings");
  return (
    <div>
      <SettingsTitle title="General" description="The model's name, description, tags, visibility and model card." />
      {renamed ? (
        <div className="mb-4">
          <Alert tone="success">
            Renamed from <strong>{renamed}</strong>. The old address no longer resolves: update links and scripts that use {org.name}/{renamed}.
          </Alert>
        </div>
      ) : null}
      <GeneralSettingsForm
        key={p.name}
        action={saveGeneralAction.bind(null, { owner: org.name, project: p.name })}
        preview={previewMarkdownAction}
        owner={org.name}
        project={{ name: p.name, description: p.description, tags: p.tags, isPublic: p.isPublic, readme: p.readme }}
      />
    </div>
  );
}
