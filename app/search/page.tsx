// Search results: models, versions and runs the viewer may read, across organizations (lib/registry/search.ts),
// filtered by kind.
import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { clientIp } from "@/lib/auth/ip";
import { currentActor } from "@/lib/auth/session";
import { InvalidError, RateLimitedError } from "@/lib/registry/errors";
import { registryDb } from "@/lib/registry/request";
import { search, type SearchHit, type SearchResult } from "@/lib/registry/search";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { StageBadge } from "@/components/version/stage-badge";

export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ q?: string | string[]; type?: string | string[] }> };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
const TABS = [
  ["", "All"],
  ["models", "Models"],
  ["versions", "Versions"],
  ["runs", "Runs"],
] as const;

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const q = one((await searchParams).q).trim();
  return { title: q ? `${q} · Search` : "Search" };
}

function Hit({ h }: { h: SearchHit }) {
  const where = h.type === "model" ? h.owner : `${h.owner}/${h.project}`;
  return (
    <li className="flex flex-wrap items-baseline gap-x-3 gap-y-1 px-5 py-3">
      <Badge tone={h.type === "model" ? "blue" : h.type === "version" ? "violet" : "slate"} className="w-16 justify-center">
        {h.type}
      </Badge>
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-baseline gap-2">
          <span className="text-sm text-zinc-500 dark:text-zinc-400">{where} /</span>
          <Link href={h.url} className="font-medium hover:underline [overflow-wrap:anywhere]">
            {h.type === "run" ? h.name || h.uuid.slice(0, 8) : h.name}
          </Link>
          {h.type === "version" ? <StageBadge stage={h.stage} /> : null}
          {h.type === "run" ? <span className="text-xs text-zinc-500 dark:text-zinc-400">{h.status}</span> : null}
          {h.type === "model" && !h.isPublic ? <Badge tone="slate">Private</Badge> : null}
        </div>
        {h.type !== "run" && h.description ? <p className="mt-0.5 line-clamp-2 text-sm text-zinc-600 dark:text-zinc-400">{h.description}</p> : null}
        {h.type !== "run" && h.tags.length ? (
          <p className="mt-1 flex flex-wrap gap-1">
            {h.tags.slice(0, 8).map((t) => (
              <Badge key={t} tone="neutral">
                {t}
              </Badge>
            ))}
          </p>
        ) : null}
      </div>
      <span className="text-xs whitespace-nowrap text-zinc-500 dark:text-zinc-400">
        updated <RelativeTime date={h.updatedAt} />
      </span>
    </li>
  );
}

export default async function SearchPage({ searchParams }: Props) {
  const sp = await searchParams;
  const q = one(sp.q).trim();
  const type = one(sp.type);
  const actor = await currentActor();
  let result: SearchResult | null = null;
  let problem: string | null = null;
  if (q) {
    try {
      result = await search(await registryDb(), actor, { q, ...(type ? { type } : {}), limit: 50 }, { ip: clientIp(await headers()) });
    } catch (err) {
      if (err instanceof InvalidError)
        problem =
          Object.entries(err.fieldErrors)
            .map(([f, m]) => `${f === "q" ? "The search" : f} ${m.join(", ")}.`)
            .join(" ") || err.message;
      else if (err instanceof RateLimitedError) problem = err.message;
      else throw err;
    }
  }
  const href = (t: string) => `/search?${new URLSearchParams({ q, ...(t ? { type: t } : {}) })}`;
  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader title="Search" description="Models, versions and runs you may read, in every organization." />
      <search className="mb-5 block">
        <form action="/search" method="get" className="flex gap-2">
          <label htmlFor="search-q" className="sr-only">
            Search
          </label>
          <input
            id="search-q"
            name="q"
            type="search"
            defaultValue={q}
            minLength={3}
            maxLength={100}
            placeholder="At least 3 characters: a name, part of a description, a tag"
            className="h-10 flex-1 rounded-md border border-zinc-300 bg-white px-3 text-sm focus:border-accent-500 focus:outline-none focus:ring-2 focus:ring-accent-500/30 dark:border-zinc-700 dark:bg-zinc-900"
          />
          {type ? <input type="hidden" name="type" value={type} /> : null}
          <button type="submit" className="h-10 rounded-md bg-accent-600 px-4 text-sm font-medium text-white hover:bg-accent-700">
            Search
          </button>
        </form>
      </search>
      {problem ? <Alert>{problem}</Alert> : null}
      {result ? (
        <>
          <nav aria-label="Kinds" className="mb-3 flex gap-1 border-b border-zinc-200 dark:border-zinc-800">
            {TABS.map(([t, label]) => (
              <Link
                key={t}
                href={href(t)}
                aria-current={type === t ? "page" : undefined}
                className={cn(
                  "-mb-px border-b-2 px-3 py-2 text-sm no-underline",
                  type === t
                    ? "border-accent-600 font-medium text-zinc-900 dark:text-zinc-100"
                    : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400",
                )}
              >
                {label}
                {t ? <span className="ml-1 text-xs text-zinc-500 dark:text-zinc-400 tabular-nums">{result.counts[t]}</span> : null}
              </Link>
            ))}
          </nav>
          {result.results.length ? (
            <ul
              aria-label="Results"
              className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900"
            >
              {result.results.map((h) => (
                <Hit key={`${h.type}:${h.url}`} h={h} />
              ))}
            </ul>
          ) : (
            <EmptyState title="Nothing found">No model, version or run you may read matches “{result.q}”.</EmptyState>
          )}
        </>
      ) : !problem ? (
        <EmptyState title="Search Modelreg">Type at least 3 characters. Press / anywhere to jump to the search box.</EmptyState>
      ) : null}
    </div>
  );
}
