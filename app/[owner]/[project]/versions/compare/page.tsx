import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { registryDb } from "@/lib/registry/request";
import { currentActor } from "@/lib/auth/session";
import { InvalidError, NotFoundError } from "@/lib/registry/errors";
import { compareVersions, MAX_COMPARED } from "@/lib/registry/version-list";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { cn } from "@/components/ui/cn";
import { CompareTable } from "@/components/version/compare-table";
import { MetricCharts } from "@/components/version/metric-charts";

type Props = { params: Promise<{ owner: string; project: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { owner, project } = await params;
  return { title: `Compare versions · ${owner}/${project}` };
}

export default async function ComparePage({ params, searchParams }: Props) {
  const { owner, project } = await params;
  const sp = await searchParams;
  const names = ([] as string[])
    .concat(sp.v ?? [])
    .flatMap((n) => n.split(","))
    .map((n) => n.trim())
    .filter(Boolean);
  const onlyDiff = sp.diff === "1";
  let error: string | null = null;
  const r = await compareVersions(await registryDb(), await currentActor(), owner, project, "model", names).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    if (!(err instanceof InvalidError)) throw err;
    error = err.message;
    return null;
  });
  const base = r ? `/${r.access.org.name}/${r.access.project.name}` : `/${owner}/${project}`;
  const qs = (diff: boolean) => `${base}/versions/compare?${new URLSearchParams([...names.map((n) => ["v", n]), ...(diff ? [["diff", "1"]] : [])])}`;
  const found = r?.versions ?? [];
  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm text-zinc-500 dark:text-zinc-400">
        <Link href={`${base}/versions`} className="hover:underline">
          Versions
        </Link>{" "}
        <span aria-hidden>/</span>
      </nav>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-xl font-semibold">Compare versions</h2>
        {found.length >= 2 ? (
          /* biome-ignore lint/a11y/useSemanticElements: a pair of links, not form controls: a fieldset would be the wrong element */
          <div className="inline-flex rounded-md border border-zinc-300 p-0.5 text-sm dark:border-zinc-700" role="group" aria-label="Rows shown">
            {[false, true].map((d) => (
              <Link
                key={String(d)}
                href={qs(d)}
                aria-current={onlyDiff === d ? "true" : undefined}
                className={cn(
                  "rounded px-3 py-1 no-underline",
                  onlyDiff === d ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400",
                )}
              >
                {d ? "Only differences" : "All fields"}
              </Link>
            ))}
          </div>
        ) : null}
      </div>
      {error ? <Alert>{error}</Alert> : null}
      {r?.missing.length ? <Alert tone="info">Not found in this model: {r.missing.join(", ")}.</Alert> : null}
      {found.length >= 2 ? (
        <>
          <CompareTable versions={found} base={base} onlyDifferences={onlyDiff} />
          <MetricCharts
            rows={found}
            capped={false}
            base={base}
            action={`${base}/versions/compare#metrics`}
            keep={[...names.map((n) => ["v", n] as [string, string]), ...(onlyDiff ? [["diff", "1"] as [string, string]] : [])]}
            chosen={sp}
            scope="the compared versions"
          />
        </>
      ) : !error ? (
        <EmptyState
          title="Pick two or more versions"
          action={
            <ButtonLink href={`${base}/versions`} variant="secondary">
              Back to versions
            </ButtonLink>
          }
        >
          Tick the versions to compare in the versions table (up to {MAX_COMPARED}), then choose <em>Compare selected</em>.
        </EmptyState>
      ) : null}
    </div>
  );
}
