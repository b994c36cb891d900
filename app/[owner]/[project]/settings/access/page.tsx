import { getDb } from "@/db";
import { currentActor } from "@/lib/auth/session";
import { getProjectSettings } from "@/lib/registry/project-settings";
import { Badge } from "@/components/ui/badge";
import { Textarea } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { SettingsForm } from "@/components/ui/settings-form";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { saveSettingsAction } from "../actions";

export default async function AccessSettings({ params }: { params: Promise<{ owner: string; project: string }> }) {
  const { owner, project } = await params;
  const s = await getProjectSettings(await getDb(), await currentActor(), owner, project);
  return (
    <section className="space-y-8">
      <div>
        <h2 className="mb-1 text-lg font-semibold">Access</h2>
        <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">
          Restrict the model to teams (owners and managers of {owner} keep admin access), and grant roles to individual people — outsiders included.
        </p>
        <SettingsForm action={saveSettingsAction.bind(null, { owner, project }, "access")} label="Access">
          <fieldset>
            <legend className="text-sm font-medium">Restrict to teams</legend>
            {s.orgTeams.length === 0 ? <p className="mt-1 text-sm text-zinc-500">{owner} has no teams yet.</p> : (
              <div className="mt-2 flex flex-wrap gap-4 text-sm">
                {s.orgTeams.map((t) => <label key={t} className="flex items-center gap-2"><input type="checkbox" name="teams" value={t} defaultChecked={s.teams.includes(t)} /> {t}</label>)}
              </div>
            )}
            <p className="mt-1 text-xs text-zinc-500">None checked: open to the whole organization, by organization role.</p>
          </fieldset>
          <div className="space-y-1.5">
            <Label htmlFor="grants">People with a direct grant</Label>
            <Textarea id="grants" name="grants" rows={4} defaultValue={s.grants.map((g) => `${g.username} ${g.role}`).join("\n")} className="font-mono text-[13px]" placeholder={"dave member\nerin@example.com viewer"} />
            <p className="text-xs text-zinc-500">One per line: username or email, then viewer, member or admin.</p>
          </div>
        </SettingsForm>
      </div>
      <div>
        <h3 className="mb-2 font-semibold">Who has access</h3>
        <Table aria-label="Who has access">
          <THead><tr><TH>User</TH><TH>Role</TH><TH>Why</TH></tr></THead>
          <TBody>
            {s.everyone.map((e) => (
              <TR key={e.username}>
                <TD><span className="font-medium">{e.username}</span>{e.name ? <span className="ml-2 text-zinc-500">{e.name}</span> : null}</TD>
                <TD><Badge tone={e.role === "admin" ? "violet" : e.role === "member" ? "blue" : "neutral"}>{e.role}</Badge></TD>
                <TD className="text-zinc-600 dark:text-zinc-400">{e.why}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
        {s.access.project.isPublic ? <p className="mt-2 text-sm text-zinc-500">The model is public: everyone else can read it too.</p> : null}
      </div>
    </section>
  );
}
