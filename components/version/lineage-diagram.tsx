// A version's lineage as a small diagram (CSS flex boxes and arrows, no client JS): where it came from → the
// version → its copies, and the stages it went through. What the reader may not see was already replaced by
// "private" in lib/registry/lineage.ts; this only draws.
import Link from "next/link";
import { registryDb } from "@/lib/registry/request";
import { currentActor } from "@/lib/auth/session";
import { versionLineage, type LineageNode } from "@/lib/registry/lineage";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { RelativeTime } from "@/components/ui/relative-time";
import { StageBadge } from "./stage-badge";

type Props = { owner: string; project: string; version: string };

const KIND_LABEL: Record<LineageNode["kind"], string> = {
  project: "Source project",
  run: "Run",
  "external-run": "External run",
  origin: "Copied from",
  transfer: "Transferred from",
  version: "This version",
  copy: "Copy",
  stage: "Stage",
};

function Arrow({ label, vertical = false }: { label?: string; vertical?: boolean }) {
  return (
    <div
      aria-hidden="true"
      className={cn(
        "flex shrink-0 items-center justify-center gap-1 text-[11px] text-zinc-500 dark:text-zinc-400",
        vertical ? "flex-col py-0.5" : "flex-col px-1 py-1 lg:flex-col",
      )}
    >
      {label ? <span>{label}</span> : null}
      <span className={cn("text-base leading-none", vertical ? "" : "lg:hidden")}>↓</span>
      {vertical ? null : <span className="hidden text-base leading-none lg:inline">→</span>}
    </div>
  );
}

function Box({ node, highlight = false }: { node: LineageNode; highlight?: boolean }) {
  const body = (
    <>
      <span className="block text-[11px] font-medium tracking-wide text-zinc-600 uppercase dark:text-zinc-400">{KIND_LABEL[node.kind]}</span>
      {node.private ? (
        <span className="mt-0.5 inline-flex items-center gap-1 text-sm text-zinc-600 italic dark:text-zinc-400">
          <svg viewBox="0 0 16 16" className="h-3.5 w-3.5" aria-hidden="true" fill="currentColor">
            <path d="M4 7V5a4 4 0 1 1 8 0v2h.5A1.5 1.5 0 0 1 14 8.5v5a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 2 13.5v-5A1.5 1.5 0 0 1 3.5 7H4Zm1.5 0h5V5a2.5 2.5 0 0 0-5 0v2Z" />
          </svg>
          private
        </span>
      ) : (
        <span className="mt-0.5 block font-mono text-sm break-words">
          {/* A line may break after "/" or ":" (owner/model:version), not inside a name. */}
          {node.label.split(/(?<=[/:])/).map((part, i) => (
            <span key={i}>
              {i > 0 ? <wbr /> : null}
              {part}
            </span>
          ))}
        </span>
      )}
      {(node.kind === "copy" || node.kind === "version") && node.detail ? (
        <StageBadge stage={node.detail} className="mt-1" />
      ) : node.detail ? (
        <span className="mt-0.5 block text-xs text-zinc-500 dark:text-zinc-400">{node.detail}</span>
      ) : null}
    </>
  );
  const cls = cn(
    "block min-w-0 rounded-md border px-3 py-2",
    highlight
      ? "border-accent-500 bg-accent-50 dark:border-accent-500 dark:bg-accent-700/20"
      : node.private
        ? "border-dashed border-zinc-300 bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900"
        : "border-zinc-200 bg-white dark:border-zinc-700 dark:bg-zinc-900",
  );
  if (!node.href || highlight) return <div className={cls}>{body}</div>;
  const external = node.kind === "external-run";
  return external ? (
    <a href={node.href} rel="nofollow noopener noreferrer" target="_blank" className={cn(cls, "hover:border-accent-500")}>
      {body}
    </a>
  ) : (
    <Link href={node.href} className={cn(cls, "no-underline hover:border-accent-500")}>
      {body}
    </Link>
  );
}

export async function LineageDiagram({ owner, project, version }: Props) {
  const l = await versionLineage(await registryDb(), await currentActor(), owner, project, version);
  const of = (kind: LineageNode["kind"]) => l.nodes.filter((n) => n.kind === kind);
  const edgeTo = (id: string) => l.edges.find((e) => e.to === id)?.label;
  const self = of("version")[0];
  const upstream = [...of("project"), ...of("run"), ...of("external-run"), ...of("origin"), ...of("transfer")];
  const copies = of("copy");
  const stages = of("stage");
  return (
    <section aria-labelledby="lineage-title">
      <Card>
        <CardHeader>
          <CardTitle id="lineage-title">Lineage</CardTitle>
        </CardHeader>
        <CardBody className="space-y-5">
          <div className="flex flex-col items-stretch gap-1 lg:flex-row lg:items-center">
            <ol className="flex min-w-0 flex-1 flex-col" aria-label="Where it came from">
              {upstream.length ? (
                upstream.map((n, i) => (
                  <li key={n.id}>
                    {i > 0 ? <Arrow label={edgeTo(n.id)} vertical /> : null}
                    <Box node={n} />
                  </li>
                ))
              ) : (
                <li className="rounded-md border border-dashed border-zinc-300 px-3 py-2 text-sm text-zinc-500 dark:border-zinc-700 dark:text-zinc-400">
                  No run or origin recorded
                </li>
              )}
            </ol>
            <Arrow label={upstream.length ? edgeTo("version") : undefined} />
            <div className="min-w-0 flex-1">
              <Box node={self} highlight />
            </div>
            <Arrow label={copies.length ? "copied to" : undefined} />
            <ul className="flex min-w-0 flex-1 flex-col gap-2" aria-label="Copies">
              {copies.length ? (
                copies.map((n) => (
                  <li key={n.id}>
                    <Box node={n} />
                  </li>
                ))
              ) : (
                <li className="rounded-md border border-dashed border-zinc-300 px-3 py-2 text-sm text-zinc-500 dark:border-zinc-700 dark:text-zinc-400">
                  No copies
                </li>
              )}
              {l.moreCopies ? <li className="text-xs text-zinc-500 dark:text-zinc-400">and more copies</li> : null}
            </ul>
          </div>
          {stages.length ? (
            <div>
              <h3 className="mb-2 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">Stage path</h3>
              <ol className="flex flex-wrap items-center gap-x-1 gap-y-2" aria-label="Stage path">
                {stages.map((s, i) => (
                  <li key={s.id} className="flex items-center gap-1">
                    {i > 0 ? (
                      <span aria-hidden="true" className="px-1 text-zinc-400">
                        →
                      </span>
                    ) : null}
                    <span className="inline-flex flex-col items-start gap-0.5">
                      <StageBadge stage={s.label} />
                      {s.at ? (
                        <span className="pl-1 text-[11px] text-zinc-500 dark:text-zinc-400">
                          <RelativeTime date={s.at} />
                        </span>
                      ) : null}
                    </span>
                  </li>
                ))}
              </ol>
            </div>
          ) : null}
        </CardBody>
      </Card>
    </section>
  );
}
