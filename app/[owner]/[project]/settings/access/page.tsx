import Link from "next/link";
import { registryDb } from "@/lib/registry/request";
import { currentActor } from "@/lib/auth/session";
import { getProjectSettings } from "@/lib/registry/project-settings";
import { orNotFound } from "../../page-access";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { SettingsForm } from "@/components/ui/settings-form";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { GrantForm, GrantRowActions } from "@/components/project/grant-forms";
import { SettingsSection, SettingsTitle } from "@/components/project/settings-section";
import { grantAction, revokeAction, saveTeamsAction } from "../actions";

const ROLE_TONE: Record<string, BadgeTone> = { admin: "violet", member: "blue", viewer: "neutral" };

export default async function AccessSettings({ params }: { params: Promise<{ owner: string; project: string }> }) {
  const { owner, project } = await params;
  const s = await orNotFound(getProjectSettings(await registryDb(), await currentActor(), owner, project));
  const { org, project: p } = s.access;
  const ref = { owner: org.name, project: p.name };
  const restricted = s.teams.some((t) => t.selected);
  return (
    <div className="space-y-6">
      <SettingsTitle
        title="Access"
        description={
          <>
            Who may read and change {org.name}/{p.name}. Owners and managers of {org.name} are always admins.
          </>
        }
      />

      <SettingsSection
        id="teams"
        title="Teams"
        description={
          restricted
            ? "Restricted: only members of the checked teams (with their team role) have access through the organization."
            : `Open to the organization: every member of ${org.name} has access with their organization role. Check teams to restrict it to them.`
        }
      >
        {s.teams.length === 0 ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">
            {org.name} has no teams yet.{" "}
            <Link href={`/${org.name}/settings/teams`} className="text-accent-600 dark:text-accent-300 underline">
              Create a team
            </Link>{" "}
            to restrict this model to it.
          </p>
        ) : (
          <SettingsForm action={saveTeamsAction.bind(null, ref)} label="Restrict to teams">
            <fieldset className="grid gap-2 sm:grid-cols-2">
              <legend className="sr-only">Restrict to teams</legend>
              {s.teams.map((t) => (
                <label
                  key={t.name}
                  className="flex cursor-pointer items-start gap-2.5 rounded-md border border-zinc-200 p-3 text-sm has-[:checked]:border-accent-500 dark:border-zinc-700"
                >
                  <input type="checkbox" name="teams" value={t.name} defaultChecked={t.selected} className="mt-0.5" aria-describedby={`team-${t.name}-hint`} />
                  <span className="min-w-0">
                    <span className="font-medium">{t.name}</span>
                    <span id={`team-${t.name}-hint`} className="block text-zinc-500 dark:text-zinc-400">
                      {t.members} member{t.members === 1 ? "" : "s"}
                      {t.description ? ` · ${t.description}` : ""}
                    </span>
                  </span>
                </label>
              ))}
            </fieldset>
            <p className="text-xs text-zinc-500 dark:text-zinc-400">None checked: open to the whole organization, by organization role.</p>
          </SettingsForm>
        )}
      </SettingsSection>

      <SettingsSection
        id="people"
        title="People"
        description="Give one person a role on this model — a member of the organization or someone outside it. A grant only ever raises a role."
      >
        <GrantForm action={grantAction.bind(null, ref)} />
        {s.grants.length ? (
          <ul aria-label="Direct grants" className="mt-4 divide-y divide-zinc-200 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
            {s.grants.map((g) => (
              <li key={g.username} className="flex flex-wrap items-center justify-between gap-3 px-3 py-2.5 text-sm">
                <span className="min-w-0">
                  <span className="font-medium">{g.username}</span>
                  {g.name ? <span className="ml-2 text-zinc-500 dark:text-zinc-400">{g.name}</span> : null}
                  {!g.member ? (
                    <Badge tone="amber" className="ml-2">
                      outside collaborator
                    </Badge>
                  ) : null}
                </span>
                <GrantRowActions username={g.username} role={g.role} change={grantAction.bind(null, ref)} revoke={revokeAction.bind(null, ref, g.username)} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-3 text-sm text-zinc-500 dark:text-zinc-400">No one has a direct grant.</p>
        )}
      </SettingsSection>

      <section aria-labelledby="who-title">
        <h3 id="who-title" className="mb-1 text-base font-semibold">
          Who has access
        </h3>
        <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
          {s.members.length} {s.members.length === 1 ? "person" : "people"}, and why.
          {p.isPublic ? " The model is public: everyone else can read it too, signed out included." : ""}
        </p>
        <Table aria-label="Who has access">
          <THead>
            <tr>
              <TH>Person</TH>
              <TH>Role</TH>
              <TH>Why</TH>
            </tr>
          </THead>
          <TBody>
            {s.members.map((e) => (
              <TR key={e.username}>
                <TD>
                  <span className="font-medium">{e.username}</span>
                  {e.name ? <span className="ml-2 text-zinc-500 dark:text-zinc-400">{e.name}</span> : null}
                </TD>
                <TD>
                  <Badge tone={ROLE_TONE[e.role]}>{e.role}</Badge>
                </TD>
                <TD className="text-zinc-600 dark:text-zinc-400">{e.why}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      </section>
    </div>
  );
}
