// Personal access tokens: create (shown once), list, revoke. For the CLI, scripts and Polyaxon's client.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { registryDb } from "@/lib/registry/request";
import { currentActor } from "@/lib/auth/session";
import { requestOrigin } from "@/lib/origin";
import { listTokens } from "@/lib/registry/tokens";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { ConfirmButton } from "@/components/org/confirm-button";
import { revokeTokenAction } from "./actions";
import { NewTokenForm } from "./new-token-form";

export const metadata: Metadata = { title: "Access tokens" };
export const dynamic = "force-dynamic";

export default async function TokensPage() {
  const actor = await currentActor();
  if (actor.kind !== "user") redirect("/login?callbackUrl=/settings/tokens");
  const tokens = await listTokens(await registryDb(), actor);
  const host = await requestOrigin();
  const now = Date.now();
  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader
        title="Access tokens"
        description={
          <>
            Tokens let the <code>modelreg</code> CLI, scripts and Polyaxon&apos;s client act as you through the API. Treat them like passwords.
          </>
        }
      />
      <Card className="mb-8">
        <CardHeader>
          <CardTitle>New token</CardTitle>
        </CardHeader>
        <CardBody>
          <NewTokenForm host={host} />
        </CardBody>
      </Card>
      <h2 className="mb-3 text-lg font-semibold">Your tokens</h2>
      {tokens.length === 0 ? (
        <EmptyState title="No tokens yet">
          Create one above, or run{" "}
          <code>
            modelreg login --host {host} -u {actor.username}
          </code>
          , which makes one for the CLI.
        </EmptyState>
      ) : (
        <Table aria-label="Tokens">
          <THead>
            <tr>
              <TH>Name</TH>
              <TH>Token</TH>
              <TH>Created</TH>
              <TH>Last used</TH>
              <TH>Expires</TH>
              <TH className="text-right">
                <span className="sr-only">Actions</span>
              </TH>
            </tr>
          </THead>
          <TBody>
            {tokens.map((t) => {
              const expired = t.expiresAt !== null && t.expiresAt.getTime() <= now;
              return (
                <TR key={t.id}>
                  <TD className="font-medium">{t.name}</TD>
                  <TD>
                    <code className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs dark:bg-zinc-800">{t.prefix}…</code>
                  </TD>
                  <TD className="whitespace-nowrap text-zinc-500 dark:text-zinc-400">
                    <RelativeTime date={t.createdAt} />
                  </TD>
                  <TD className="whitespace-nowrap text-zinc-500 dark:text-zinc-400">{t.lastUsedAt ? <RelativeTime date={t.lastUsedAt} /> : "never"}</TD>
                  <TD className="whitespace-nowrap">
                    {expired ? (
                      <Badge tone="red">expired</Badge>
                    ) : t.expiresAt ? (
                      <span className="text-zinc-500 dark:text-zinc-400">
                        <RelativeTime date={t.expiresAt} />
                      </span>
                    ) : (
                      <span className="text-zinc-500 dark:text-zinc-400">never</span>
                    )}
                  </TD>
                  <TD className="text-right">
                    <ConfirmButton
                      action={revokeTokenAction.bind(null, t.id)}
                      label="Revoke"
                      accessibleName={`Revoke ${t.name}`}
                      title={`Revoke “${t.name}”?`}
                      description={
                        <>
                          The token <code className="rounded bg-zinc-100 px-1 text-xs dark:bg-zinc-800">{t.prefix}…</code>, created{" "}
                          {t.createdAt.toISOString().replace("T", " ").slice(0, 16)} UTC
                          {t.lastUsedAt ? (
                            <>
                              , last used <RelativeTime date={t.lastUsedAt} />
                            </>
                          ) : (
                            ", never used"
                          )}
                          . Anything using it stops working at once.
                        </>
                      }
                      confirmLabel="Revoke token"
                    />
                  </TD>
                </TR>
              );
            })}
          </TBody>
        </Table>
      )}
    </div>
  );
}
