"use client";
// The versions table's body as one client component fed compact rows: React's payload then carries each row's
// data (~250 bytes) instead of its element tree (~1.2 kB, which the HTML repeats anyway). Same markup as before;
// everything is computed on the server (labels, links, relative times), so hydration renders exactly what was sent.

/** One row, already formatted by the server (version-table.tsx). */
export type CompactRow = {
  /** React key: the version id. */
  k: number;
  name: string;
  href: string;
  stage: string;
  /** The stage a pending request asks for, if any. */
  pending?: string;
  /** Formatted key metrics, in the header's order; null where the version has none. */
  m: (string | null)[];
  tags: string[];
  run: { href?: string; text: string; title?: string; external?: boolean; mono?: boolean } | null;
  by: string | null;
  /** [ISO time, its title, "3 hours ago"]. */
  at: [string, string, string];
};

function Run({ run }: { run: CompactRow["run"] }) {
  if (!run) return <span className="none">—</span>;
  if (run.href) {
    return run.external ? (
      <a className="run" href={run.href} rel="nofollow noopener noreferrer" target="_blank" title={run.title}>
        {run.text} ↗
      </a>
    ) : (
      <a className="run" href={run.href} title={run.title}>
        {run.text}
      </a>
    );
  }
  return (
    <span className={run.mono ? "muted font-mono text-xs" : "muted text-xs"} title={run.title}>
      {run.text}
    </span>
  );
}

export function VersionRows({ rows, selectable }: { rows: CompactRow[]; selectable: boolean }) {
  return (
    <tbody>
      {rows.map((v) => (
        <tr key={v.k}>
          {selectable ? (
            <td className="w-8 pr-0">
              <input type="checkbox" name="v" value={v.name} aria-label={`Compare ${v.name}`} className="h-4 w-4 accent-accent-600" />
            </td>
          ) : null}
          <td>
            <a className="name" href={v.href}>
              {v.name}
            </a>
          </td>
          <td>
            <span data-stage={v.stage}>{v.stage}</span>
            {v.pending ? (
              <span className="pending" title={`A move to ${v.pending} awaits a project admin's approval`}>
                → {v.pending}?
              </span>
            ) : null}
          </td>
          {v.m.map((x, i) => (
            <td key={i} className="n">
              {x === null ? <span className="none">—</span> : x}
            </td>
          ))}
          <td>
            <div className="tags">
              {v.tags.map((t) => (
                <span key={t} className="tag">
                  {t}
                </span>
              ))}
            </div>
          </td>
          <td>
            <Run run={v.run} />
          </td>
          <td className="muted">{v.by ?? "—"}</td>
          <td className="muted whitespace-nowrap">
            <time dateTime={v.at[0]} title={v.at[1]}>
              {v.at[2]}
            </time>
          </td>
        </tr>
      ))}
    </tbody>
  );
}
