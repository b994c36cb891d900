import { getDb } from "@/db";
import { currentActor } from "@/lib/auth/session";
import { getProjectSettings } from "@/lib/registry/project-settings";
import { SettingsForm } from "@/components/ui/settings-form";
import { saveSettingsAction } from "../actions";

const FEATURES = [
  ["models", "Model versions", "Register versions, move them through stages, keep their files."],
  ["runs", "Runs", "Log training runs and promote them to model versions."],
  ["artifacts", "Artifact versions", "Version datasets and other artifacts next to the model."],
] as const;

export default async function FeaturesSettings({ params }: { params: Promise<{ owner: string; project: string }> }) {
  const { owner, project } = await params;
  const s = await getProjectSettings(await getDb(), await currentActor(), owner, project);
  const excluded = new Set(s.access.project.excludedFeatures);
  return (
    <section>
      <h2 className="mb-1 text-lg font-semibold">Features</h2>
      <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">A disabled feature's tab disappears and its writes are refused.</p>
      <SettingsForm action={saveSettingsAction.bind(null, { owner, project }, "features")} label="Features">
        <fieldset className="space-y-3">
          <legend className="sr-only">Features</legend>
          {FEATURES.map(([key, label, hint]) => (
            <label key={key} className="flex gap-3 text-sm">
              <input type="checkbox" name="features" value={key} defaultChecked={!excluded.has(key)} className="mt-1" />
              <span><strong>{label}</strong><br /><span className="text-zinc-600 dark:text-zinc-400">{hint}</span></span>
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend className="text-sm font-medium">Protected stages</legend>
          <p className="mb-2 text-xs text-zinc-500">Moving a version into or out of these stages needs a project admin.</p>
          <div className="flex flex-wrap gap-4 text-sm">
            {["staging", "production", "disabled"].map((st) => (
              <label key={st} className="flex items-center gap-2"><input type="checkbox" name="protected" value={st} defaultChecked={s.protectedStages.includes(st as never)} /> {st}</label>
            ))}
          </div>
        </fieldset>
      </SettingsForm>
    </section>
  );
}
