// Public or private, as two described radio buttons (the create form and the general settings).
export function VisibilityFieldset({ owner, value }: { owner: string; value: "public" | "private" | string }) {
  return (
    <fieldset>
      <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Visibility</legend>
      <div className="mt-2 grid gap-2 sm:grid-cols-2">
        <label className="flex cursor-pointer items-start gap-2.5 rounded-md border border-zinc-200 p-3 text-sm has-[:checked]:border-accent-500 has-[:checked]:bg-accent-50/60 dark:border-zinc-700 dark:has-[:checked]:bg-accent-700/10">
          <input type="radio" name="visibility" value="private" defaultChecked={value !== "public"} className="mt-0.5" />
          <span>
            <strong>Private</strong>
            <span className="block text-zinc-600 dark:text-zinc-400">Only people with access in {owner}, and those you grant.</span>
          </span>
        </label>
        <label className="flex cursor-pointer items-start gap-2.5 rounded-md border border-zinc-200 p-3 text-sm has-[:checked]:border-accent-500 has-[:checked]:bg-accent-50/60 dark:border-zinc-700 dark:has-[:checked]:bg-accent-700/10">
          <input type="radio" name="visibility" value="public" defaultChecked={value === "public"} className="mt-0.5" />
          <span>
            <strong>Public</strong>
            <span className="block text-zinc-600 dark:text-zinc-400">Anyone can read it, signed out included. Only people with access can change it.</span>
          </span>
        </label>
      </div>
    </fieldset>
  );
}
