import { CodeBlock } from "@/components/ui/code-block";
import Link from "next/link";
import { registryDb } from "@/lib/registry/request";
import { currentActor } from "@/lib/auth/session";
import { homeFlash } from "@/lib/flash";
import { requestOrigin } from "@/lib/origin";
import { listMyOrganizations } from "@/lib/registry/orgs";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FlashNotice } from "@/components/ui/flash-notice";
import { PageHeader } from "@/components/ui/page-header";

export const dynamic = "force-dynamic";

export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const flash = homeFlash((k) => (typeof sp[k] === "string" ? (sp[k] as string) : ""));
  const actor = await currentActor();
  if (actor.kind !== "user") return <Landing host={await requestOrigin()} />;
  const orgs = await listMyOrganizations(await registryDb(), actor);
  return (
    <>
      {flash ? <FlashNotice message={flash} params={["deleted"]} /> : null}
      <PageHeader
        title="Your organizations"
        description="Models live in organizations. Pick one to see its models, or create one for your team."
        actions={
          <ButtonLink href="/orgs/new" variant="secondary">
            New organization
          </ButtonLink>
        }
      />
      {orgs.length === 0 ? (
        <EmptyState title="You are not in any organization yet">Ask an organization's manager to add you, or create one.</EmptyState>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label="Organizations">
          {orgs.map((o) => (
            <li key={o.id}>
              <Link href={`/${o.name}`} className="block rounded-lg no-underline focus-visible:outline-2">
                <Card className="h-full p-5 transition-shadow hover:shadow-md">
                  <div className="flex items-start justify-between gap-2">
                    <div className="min-w-0">
                      <div className="truncate font-semibold">{o.displayName || o.name}</div>
                      <div className="text-sm text-zinc-500 dark:text-zinc-400">{o.name}</div>
                    </div>
                    <Badge tone={o.personal ? "blue" : "violet"}>{o.personal ? "personal" : o.role}</Badge>
                  </div>
                  {o.description ? <p className="mt-3 line-clamp-2 text-sm text-zinc-600 dark:text-zinc-400">{o.description}</p> : null}
                  <p className="mt-4 text-xs text-zinc-500 dark:text-zinc-400">
                    {o.projectCount.toLocaleString("en")}
                    {o.projectCountCapped ? "+" : ""} {o.projectCount === 1 && !o.projectCountCapped ? "model" : "models"}
                  </p>
                </Card>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function Landing({ host }: { host: string }) {
  return (
    <section className="mx-auto max-w-3xl py-12 text-center">
      <h1 className="text-4xl font-semibold tracking-tight sm:text-5xl">The model registry your team runs itself</h1>
      <p className="mx-auto mt-5 max-w-2xl text-lg text-zinc-600 dark:text-zinc-400">
        Every model version with its metrics, files and the run that made it; stages from testing to production with the history of every change; access by
        organization, team and project — from the browser, the API and the CLI.
      </p>
      <div className="mt-8 flex justify-center gap-3">
        <ButtonLink href="/signup">Create an account</ButtonLink>
        <ButtonLink href="/login" variant="secondary">
          Sign in
        </ButtonLink>
        <ButtonLink href="/explore" variant="ghost">
          Explore public models
        </ButtonLink>
      </div>
      <CodeBlock className="mx-auto mt-12 max-w-xl overflow-x-auto rounded-lg bg-zinc-900 p-4 text-left text-sm text-zinc-100">
        <code>{`modelreg login --host ${host} -u demo
modelreg models ls -p acme/fraud-detector -q "stage:production"`}</code>
      </CodeBlock>
    </section>
  );
}
