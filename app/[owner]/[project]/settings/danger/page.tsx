import { ConfirmDelete } from "@/components/ui/confirm-delete";
import { deleteProjectAction } from "../actions";

export default async function DangerZone({ params }: { params: Promise<{ owner: string; project: string }> }) {
  const { owner, project } = await params;
  return (
    <section className="rounded-lg border border-red-300 p-5 dark:border-red-900">
      <h2 className="text-lg font-semibold text-red-700 dark:text-red-400">Danger zone</h2>
      <div className="mt-3 flex flex-wrap items-center justify-between gap-4">
        <p className="text-sm text-zinc-700 dark:text-zinc-300">Delete this model with all its versions, their history and files. This cannot be undone.</p>
        <ConfirmDelete name={project} what="model" label="Delete this model" action={deleteProjectAction.bind(null, { owner, project })} />
      </div>
    </section>
  );
}
