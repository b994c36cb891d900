// Explore: every organization's public models, for anyone — the newest change first, or by name.
import type { Metadata } from "next";
import Link from "next/link";
import { explorePublicModels } from "@/lib/registry/explore";
import { registryDb } from "@/lib/registry/request";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/ui/pager";
import { RelativeTime } from "@/components/ui/relative-time";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Explore public models" };

const PAGE = 24;
type Props = { searchParams: Promise<{ sort?: string; offset?: string }> };

export default async function ExplorePage({ searchParams }: Props) {
  const sp = await searchParams;
  const sort = sp.sort === "name" ? "name" : "updated";
  const offset = Math.max(0, Math.min(100_000, Number.parseInt(sp.offset ?? "0", 10) || 0));
  const { count, capped, results } = await explorePublicModels(await registryDb(), { sort, limit: PAGE, offset });
  return (
    <>
      <PageHeader title="Explore" description="Public models of every organization: anyone may read them, signed out too." />
      <nav aria-label="Sort" className="mb-4 flex gap-1 text-sm">
        {(
          [
            ["updated", "Recently updated"],
            ["name", "Name"],
          ] as const
        ).map(([s, label]) => (
          <Link
            key={s}
            href={`/explore?sort=${s}`}
            aria-current={sort === s ? "page" : undefined}
            className={cn(
              "rounded-md px-3 py-1.5 no-underline",
              sort === s
                ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"
                : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800",
            )}
          >
            {label}
          </Link>
        ))}
      </nav>
      {results.length ? (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label="Public models">
          {results.map((m) => (
            <li key={`${m.owner}/${m.name}`}>
              <Link href={`/${m.owner}/${m.name}`} className="block h-full rounded-lg no-underline focus-visible:outline-2">
                <Card className="flex h-full flex-col p-5 transition-shadow hover:shadow-md">
                  <div className="min-w-0">
                    <div className="truncate text-sm text-zinc-500 dark:text-zinc-400">{m.owner} /</div>
                    <div className="truncate font-semibold">{m.name}</div>
                  </div>
                  {m.description ? <p className="mt-2 line-clamp-2 text-sm text-zinc-600 dark:text-zinc-400">{m.description}</p> : null}
                  {m.tags.length ? (
                    <p className="mt-3 flex flex-wrap gap-1">
                      {m.tags.slice(0, 5).map((t) => (
                        <Badge key={t}>{t}</Badge>
                      ))}
                    </p>
                  ) : null}
                  <p className="mt-auto flex items-center justify-between gap-2 pt-4 text-xs text-zinc-500 dark:text-zinc-400">
                    <span>
                      {m.production ? (
                        <>
                          production: <span className="font-mono text-zinc-700 dark:text-zinc-300">{m.production}</span>
                        </>
                      ) : (
                        "nothing in production"
                      )}
                    </span>
                    <span>
                      updated <RelativeTime date={m.updatedAt} />
                    </span>
                  </p>
                </Card>
              </Link>
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState title="No public models yet">When an organization makes a model public, it shows here.</EmptyState>
      )}
      {count > PAGE ? <Pager basePath="/explore" params={{ sort }} offset={offset} limit={PAGE} count={count} capped={capped} /> : null}
    </>
  );
}
