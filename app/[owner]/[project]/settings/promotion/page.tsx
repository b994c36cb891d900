import { getDb } from "@/db";
import { currentActor } from "@/lib/auth/session";
import { getProjectSettings } from "@/lib/registry/project-settings";
import { SettingsForm } from "@/components/ui/settings-form";
import { saveSettingsAction } from "../actions";

export default async function PromotionSettings({ params }: { params: Promise<{ owner: string; project: string }> }) {
  const { owner, project } = await params;
  const s = await getProjectSettings(await getDb(), await currentActor(), owner, project);
  return (
    <section>
      <h2 className="mb-1 text-lg font-semibold">Promotion sources</h2>
      <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">Runs of {project} itself can always be promoted. Choose the other models of {owner} whose runs may be promoted into this one.</p>
      <SettingsForm action={saveSettingsAction.bind(null, { owner, project }, "promotion")} label="Promotion sources">
        {s.orgProjects.length === 0 ? <p className="text-sm text-zinc-500">{owner} has no other models.</p> : (
          <fieldset className="grid gap-2 text-sm sm:grid-cols-2">
            <legend className="sr-only">Source models</legend>
            {s.orgProjects.map((p) => (
              <label key={p} className="flex items-center gap-2"><input type="checkbox" name="sources" value={p} defaultChecked={s.sources.includes(`${owner}/${p}`)} /> {owner}/{p}</label>
            ))}
          </fieldset>
        )}
      </SettingsForm>
    </section>
  );
}
