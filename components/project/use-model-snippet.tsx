// "Use this model": the CLI and curl commands for the newest production version (or the newest one).
import { CopyButton } from "./copy-button";

export function UseModelSnippet({
  origin,
  owner,
  name,
  version,
  isPublic,
}: {
  origin: string;
  owner: string;
  name: string;
  version: string | null;
  isPublic: boolean;
}) {
  const ver = version ?? "VERSION";
  const cli = `modelreg models pull -p ${owner}/${name} -ver ${ver} --path ./${name}`;
  const auth = isPublic ? "" : `-H "Authorization: Bearer $MODELREG_TOKEN" `;
  const curl = `curl ${auth}${origin}/api/v1/${owner}/${name}/versions/model/${ver}`;
  return (
    <div className="space-y-3">
      {[
        ["CLI", cli],
        ["API", curl],
      ].map(([label, text]) => (
        <div key={label}>
          <div className="mb-1 flex items-center justify-between">
            <span className="text-xs font-medium tracking-wide text-zinc-500 dark:text-zinc-400 uppercase">{label}</span>
            <CopyButton text={text} label={`Copy the ${label} command`} />
          </div>
          <pre className="rounded-md bg-zinc-900 px-3 py-2 text-xs leading-5 break-all whitespace-pre-wrap text-zinc-100 dark:bg-black">
            <code>{text}</code>
          </pre>
        </div>
      ))}
      {!version ? <p className="text-xs text-zinc-500 dark:text-zinc-400">Replace VERSION with a version name once one is registered.</p> : null}
    </div>
  );
}
