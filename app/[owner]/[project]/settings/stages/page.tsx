import { pageAccess } from "../../page-access";
import { DEFAULT_PROTECTED_STAGES, STAGES } from "@/lib/registry/projects";
import { SettingsForm } from "@/components/ui/settings-form";
import { Input, Select } from "@/components/ui/input";
import { SettingsSection, SettingsTitle } from "@/components/project/settings-section";
import { StageBadge } from "@/components/version/stage-badge";
import { DEFAULT_PROTECTED_ALIASES } from "@/lib/registry/aliases";
import { exclusiveFallback, exclusiveStages } from "@/lib/registry/exclusive-stages";
import { saveExclusiveAction, saveProtectedAliasesAction, saveStagesAction } from "../actions";

const WHY: Record<(typeof STAGES)[number], string> = {
  testing: "Where new versions start.",
  staging: "Candidates being validated.",
  production: "What serves traffic. Protected by default.",
  disabled: "Retired versions.",
};

export default async function StagesSettings({ params }: { params: Promise<{ owner: string; project: string }> }) {
  const { owner, project } = await params;
  const { org, project: p } = await pageAccess(owner, project, "project.settings");
  const protectedStages = p.settings.protectedStages ?? DEFAULT_PROTECTED_STAGES;
  const exclusive = exclusiveStages({ project: p });
  const fallback = exclusiveFallback({ project: p });
  const protectedAliases = p.settings.protectedAliases ?? DEFAULT_PROTECTED_ALIASES;
  const ref = { owner: org.name, project: p.name };
  return (
    <div className="space-y-6">
      <SettingsTitle
        title="Protected stages"
        description="Members move versions between stages; moving a version into or out of a protected stage needs a project admin."
      />
      <SettingsSection title="Stages only admins may change">
        <SettingsForm action={saveStagesAction.bind(null, { owner: org.name, project: p.name })} label="Protected stages">
          <fieldset className="space-y-2">
            <legend className="sr-only">Protected stages</legend>
            {STAGES.map((s) => (
              <label key={s} className="flex cursor-pointer items-center gap-3 text-sm">
                <input type="checkbox" name="protected" value={s} defaultChecked={protectedStages.includes(s)} aria-label={`Protect ${s}`} />
                <StageBadge stage={s} />
                <span className="text-zinc-600 dark:text-zinc-400">{WHY[s]}</span>
              </label>
            ))}
          </fieldset>
          <label className="flex cursor-pointer items-start gap-3 border-t border-zinc-200 pt-4 text-sm dark:border-zinc-800">
            <input type="checkbox" name="requireApproval" defaultChecked={Boolean(p.settings.requireApproval)} className="mt-0.5" />
            <span>
              <span className="font-medium text-zinc-900 dark:text-zinc-100">Members may request protected moves</span>
              <span className="block text-zinc-600 dark:text-zinc-400">
                A member who moves a version into or out of a protected stage files a request instead of being refused; the version moves when a project admin
                approves it on the version page (or with <code>modelreg models approve</code>).
              </span>
            </span>
          </label>
        </SettingsForm>
      </SettingsSection>
      <SettingsSection title="One version per stage">
        <SettingsForm action={saveExclusiveAction.bind(null, ref)} label="Exclusive stages">
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            A version entering an exclusive stage moves the one there before it to the stage below, in the same step; both moves are in the history. The
            API&apos;s <code>archive_existing</code> overrides this for one move.
          </p>
          <fieldset className="space-y-2">
            <legend className="sr-only">Exclusive stages</legend>
            {STAGES.map((s) => (
              <label key={s} className="flex cursor-pointer items-center gap-3 text-sm">
                <input type="checkbox" name="exclusive" value={s} defaultChecked={exclusive.includes(s)} aria-label={`At most one version in ${s}`} />
                <StageBadge stage={s} />
                <span className="text-zinc-600 dark:text-zinc-400">holds at most one version</span>
              </label>
            ))}
          </fieldset>
          <label className="flex flex-wrap items-center gap-3 text-sm">
            <span className="font-medium text-zinc-900 dark:text-zinc-100">The previous holder moves to</span>
            <Select name="fallback" defaultValue={fallback} className="max-w-48">
              {STAGES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </Select>
          </label>
        </SettingsForm>
      </SettingsSection>
      <SettingsSection title="Protected aliases">
        <SettingsForm action={saveProtectedAliasesAction.bind(null, ref)} label="Protected aliases">
          <label className="block space-y-1.5 text-sm">
            <span className="font-medium text-zinc-900 dark:text-zinc-100">Aliases only admins may set, move or remove</span>
            <Input name="aliases" defaultValue={protectedAliases.join(", ")} placeholder="champion, production-candidate" className="max-w-md font-mono" />
            <span className="block text-zinc-600 dark:text-zinc-400">
              Comma-separated. With requests on (above), a member&apos;s move of one becomes a request for an admin to approve in the inbox.
            </span>
          </label>
        </SettingsForm>
      </SettingsSection>
    </div>
  );
}
