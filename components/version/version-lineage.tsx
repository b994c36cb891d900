// Where a version came from: its run (linked when local, its URL when external), the version it was copied
// from, the run's artifacts it keeps, and its connection.
import Link from "next/link";
import type { VersionView } from "@/lib/registry/version-view";

type Props = { version: Pick<VersionView, "runUuid" | "runProject" | "externalRun" | "artifacts" | "connection">; copiedFrom: string | null };

/** `owner/project:name` → the version page, when it has that shape. */
function copiedHref(ref: string): string | null {
  const m = /^([^/]+)\/([^:]+):(.+)$/.exec(ref);
  return m ? `/${m[1]}/${m[2]}/versions/${encodeURIComponent(m[3])}` : null;
}

export function VersionLineage({ version: v, copiedFrom }: Props) {
  const ext = v.externalRun;
  const href = copiedFrom ? copiedHref(copiedFrom) : null;
  return (
    <dl className="space-y-3 text-zinc-600 dark:text-zinc-400">
      <div>
        <dt className="text-xs text-zinc-500 dark:text-zinc-400">Run</dt>
        <dd className="mt-0.5 break-all">
          {v.runUuid && v.runProject ? (
            <Link href={`/${v.runProject}/runs/${v.runUuid}`} className="text-accent-600 hover:underline dark:text-accent-300">
              <span className="font-mono">{v.runUuid.slice(0, 8)}</span> <span className="text-zinc-500 dark:text-zinc-400">in {v.runProject}</span>
            </Link>
          ) : v.runProject === "private" ? (
            // A run of a project the reader may not see (lib/registry/redact.ts): no name, no link.
            <span className="text-zinc-500 dark:text-zinc-400">A run of a private project</span>
          ) : ext?.url ? (
            <a href={ext.url} rel="nofollow noopener noreferrer" target="_blank" className="text-accent-600 hover:underline dark:text-accent-300">
              {ext.uuid ? <span className="font-mono">{ext.uuid.slice(0, 8)}</span> : ext.url} <span aria-hidden>↗</span>
              <span className="sr-only"> (external)</span>
            </a>
          ) : ext?.uuid ? (
            <span title="An external run reference">
              <span className="font-mono">{ext.uuid}</span>
              {ext.project ? <span className="text-zinc-500 dark:text-zinc-400"> in {ext.project}</span> : null}{" "}
              <span className="text-xs text-zinc-500 dark:text-zinc-400">(external)</span>
            </span>
          ) : (
            <span className="text-zinc-500 dark:text-zinc-400">No run recorded</span>
          )}
        </dd>
      </div>
      {copiedFrom ? (
        <div>
          <dt className="text-xs text-zinc-500 dark:text-zinc-400">Copied from</dt>
          <dd className="mt-0.5 font-mono text-xs break-all">
            {href ? (
              <Link href={href} className="text-accent-600 hover:underline dark:text-accent-300">
                {copiedFrom}
              </Link>
            ) : (
              copiedFrom
            )}
          </dd>
        </div>
      ) : null}
      <div>
        <dt className="text-xs text-zinc-500 dark:text-zinc-400">Artifacts</dt>
        <dd className="mt-1">
          {v.artifacts.length ? (
            <ul className="flex flex-wrap gap-1.5">
              {v.artifacts.map((a) => (
                <li key={a} className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
                  {a}
                </li>
              ))}
            </ul>
          ) : (
            <span className="text-zinc-500 dark:text-zinc-400">None listed</span>
          )}
        </dd>
      </div>
      {v.connection ? (
        <div>
          <dt className="text-xs text-zinc-500 dark:text-zinc-400">Connection</dt>
          <dd className="mt-0.5 font-mono text-xs">{v.connection}</dd>
        </div>
      ) : null}
    </dl>
  );
}
