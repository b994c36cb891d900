import { getDb } from "@/db";
import { currentActor } from "@/lib/auth/session";
import { loadProjectAccess } from "@/lib/registry/access";
import { Input, Textarea } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { SettingsForm } from "@/components/ui/settings-form";
import { Alert } from "@/components/ui/alert";
import { saveGeneralAction } from "./actions";

type Props = { params: Promise<{ owner: string; project: string }>; searchParams: Promise<{ renamed?: string }> };

export default async function GeneralSettings({ params, searchParams }: Props) {
  const { owner, project } = await params;
  const { renamed } = await searchParams;
  const { project: p } = await loadProjectAccess(await getDb(), await currentActor(), owner, project);
  return (
    <section>
      <h2 className="mb-4 text-lg font-semibold">General</h2>
      {renamed ? <div className="mb-4"><Alert tone="success">Renamed. The old address no longer resolves; update your scripts.</Alert></div> : null}
      <SettingsForm action={saveGeneralAction.bind(null, { owner, project })} label="General settings">
        <div className="space-y-1.5"><Label htmlFor="s-name">Name</Label><Input id="s-name" name="name" defaultValue={p.name} required /></div>
        <div className="space-y-1.5"><Label htmlFor="s-desc">Description</Label><Input id="s-desc" name="description" defaultValue={p.description} /></div>
        <div className="space-y-1.5"><Label htmlFor="s-tags">Tags</Label><Input id="s-tags" name="tags" defaultValue={p.tags.join(", ")} /><p className="text-xs text-zinc-500">Comma separated.</p></div>
        <fieldset>
          <legend className="text-sm font-medium">Visibility</legend>
          <div className="mt-2 space-y-2 text-sm">
            <label className="flex gap-2"><input type="radio" name="visibility" value="private" defaultChecked={!p.isPublic} /> <span><strong>Private</strong> — people with access in {owner} only</span></label>
            <label className="flex gap-2"><input type="radio" name="visibility" value="public" defaultChecked={p.isPublic} /> <span><strong>Public</strong> — anyone, signed out included, can read it</span></label>
          </div>
        </fieldset>
        <div className="space-y-1.5"><Label htmlFor="s-readme">README (model card, markdown)</Label><Textarea id="s-readme" name="readme" rows={14} defaultValue={p.readme} className="font-mono text-[13px]" /></div>
      </SettingsForm>
    </section>
  );
}
