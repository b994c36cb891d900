import Link from "next/link";
import { registryDb } from "@/lib/registry/request";
import { currentActor } from "@/lib/auth/session";
import { getProjectSettings } from "@/lib/registry/project-settings";
import { orNotFound } from "../../page-access";
import { SettingsForm } from "@/components/ui/settings-form";
import { SettingsSection, SettingsTitle } from "@/components/project/settings-section";
import { saveSourcesAction } from "../actions";

export default async function PromotionSettings({ params }: { params: Promise<{ owner: string; project: string }> }) {
  const { owner, project } = await params;
  const s = await orNotFound(getProjectSettings(await registryDb(), await currentActor(), owner, project));
  const { org, project: p } = s.access;
  return (
    <div>
      <SettingsTitle
        title="Promotion sources"
        description={
          <>
            A run becomes a version of this model by promotion. Runs of {p.name} itself can always be promoted; choose the other models of {org.name} whose runs
            may be promoted into it too.
          </>
        }
      />
      <SettingsSection title="Models whose runs may be promoted here">
        <SettingsForm action={saveSourcesAction.bind(null, { owner: org.name, project: p.name })} label="Promotion sources">
          {s.sources.length === 0 ? (
            <p className="text-sm text-zinc-500 dark:text-zinc-400">
              {org.name} has no other models you can see.{" "}
              <Link href={`/${org.name}/new`} className="text-accent-600 dark:text-accent-300 underline">
                Create one
              </Link>{" "}
              to train in it.
            </p>
          ) : (
            <fieldset className="grid gap-2 sm:grid-cols-2">
              <legend className="sr-only">Source models</legend>
              {s.sources.map((src) => (
                <label
                  key={src.name}
                  className="flex cursor-pointer items-start gap-2.5 rounded-md border border-zinc-200 p-3 text-sm has-[:checked]:border-accent-500 dark:border-zinc-700"
                >
                  <input type="checkbox" name="sources" value={src.name} defaultChecked={src.selected} className="mt-0.5" />
                  <span className="min-w-0">
                    <span className="font-mono text-[13px]">
                      {org.name}/{src.name}
                    </span>
                    {src.description ? <span className="block truncate text-zinc-500 dark:text-zinc-400">{src.description}</span> : null}
                  </span>
                </label>
              ))}
            </fieldset>
          )}
        </SettingsForm>
      </SettingsSection>
      <p className="mt-4 text-sm text-zinc-600 dark:text-zinc-400">
        From the CLI or API:{" "}
        <code className="rounded bg-zinc-100 px-1 py-0.5 text-[13px] dark:bg-zinc-800">
          PATCH /api/v1/{org.name}/{p.name}/settings {`{"sources": ["${org.name}/OTHER-MODEL"]}`}
        </code>
      </p>
    </div>
  );
}
