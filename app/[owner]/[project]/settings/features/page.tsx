import { pageAccess } from "../../page-access";
import { SettingsForm } from "@/components/ui/settings-form";
import { SettingsSection, SettingsTitle } from "@/components/project/settings-section";
import { saveFeaturesAction } from "../actions";

const FEATURES = [
  [
    "models",
    "Model versions",
    "Register versions, move them through stages and keep their files. Off: the Versions tab disappears and registering is refused — useful for a project that only holds training runs.",
  ],
  ["runs", "Runs", "Log training runs and promote them to model versions. Off: the Runs tab disappears and logging runs is refused."],
  ["artifacts", "Artifact versions", "Version datasets and other artifacts next to the model. Off: artifact versions are refused."],
] as const;

export default async function FeaturesSettings({ params }: { params: Promise<{ owner: string; project: string }> }) {
  const { owner, project } = await params;
  const { org, project: p } = await pageAccess(owner, project, "project.settings");
  const excluded = new Set(p.excludedFeatures);
  return (
    <div>
      <SettingsTitle
        title="Features"
        description="Switch off what this model does not use. Nothing is deleted: switching a feature back on brings its data back."
      />
      <SettingsSection title="Enabled features">
        <SettingsForm action={saveFeaturesAction.bind(null, { owner: org.name, project: p.name })} label="Features">
          <fieldset className="divide-y divide-zinc-200 dark:divide-zinc-800">
            <legend className="sr-only">Features</legend>
            {FEATURES.map(([key, label, hint]) => (
              <label key={key} className="flex cursor-pointer gap-3 py-3 text-sm first:pt-0">
                <input
                  type="checkbox"
                  name="features"
                  value={key}
                  defaultChecked={!excluded.has(key)}
                  className="mt-1"
                  aria-describedby={`feature-${key}-hint`}
                />
                <span>
                  <strong>{label}</strong>
                  <span id={`feature-${key}-hint`} className="mt-0.5 block text-zinc-600 dark:text-zinc-400">
                    {hint}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
        </SettingsForm>
      </SettingsSection>
    </div>
  );
}
