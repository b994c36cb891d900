// Settings → Webhooks, for a model and for an organization: the list with the add form, and one hook's
// page (ping, turn on/off, rotate, delete, the delivery log with redeliver). The registry checks access.
import { CodeBlock } from "@/components/ui/code-block";
import Link from "next/link";
import { notFound } from "next/navigation";
import { registryDb } from "@/lib/registry/request";
import { currentActor } from "@/lib/auth/session";
import { ForbiddenError, NotFoundError, UnauthorizedError } from "@/lib/registry/errors";
import { WEBHOOK_EVENTS } from "@/lib/registry/webhook-events";
import { listDeliveries, listWebhooks, type WebhookScope } from "@/lib/registry/webhooks";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { ConfirmButton } from "@/components/org/confirm-button";
import { SettingsSection, SettingsTitle } from "@/components/project/settings-section";
import { ActionButton } from "./action-button";
import { deleteWebhookAction, pingAction, redeliverAction, setActiveAction } from "./actions";
import { NewWebhookForm } from "./new-webhook-form";
import { RotateSecret } from "./rotate-secret";

async function orNotFound<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof NotFoundError || err instanceof ForbiddenError || err instanceof UnauthorizedError) notFound();
    throw err;
  }
}

const base = (s: WebhookScope) => ("org" in s ? `/${s.org}/settings/webhooks` : `/${s.owner}/${s.project}/settings/webhooks`);
const cliScope = (s: WebhookScope) => ("org" in s ? `-o ${s.org}` : `-p ${s.owner}/${s.project}`);

export async function WebhooksListPage({ scope }: { scope: WebhookScope }) {
  const hooks = await orNotFound(listWebhooks(await registryDb(), await currentActor(), scope));
  const what = "org" in scope ? `every model of ${scope.org} that the hook's creator may read` : `${scope.owner}/${scope.project}`;
  return (
    <div>
      <SettingsTitle title="Webhooks" description={<>Webhooks POST a signed JSON event to a URL when something changes in {what}.</>} />
      {hooks.length === 0 ? (
        <EmptyState title="No webhooks yet">
          Add one below, or run <code>modelreg webhooks create {cliScope(scope)} --url URL</code>.
        </EmptyState>
      ) : (
        <Table aria-label="Webhooks">
          <THead>
            <tr>
              <TH>URL</TH>
              <TH>Events</TH>
              <TH>State</TH>
              <TH>Created</TH>
            </tr>
          </THead>
          <TBody>
            {hooks.map((h) => (
              <TR key={h.id}>
                <TD className="max-w-xs truncate font-mono text-[13px]">
                  <Link href={`${base(scope)}/${h.id}`} className="text-accent-600 dark:text-accent-300 hover:underline">
                    {h.url}
                  </Link>
                  {h.description ? <span className="block truncate font-sans text-zinc-500 dark:text-zinc-400">{h.description}</span> : null}
                </TD>
                <TD className="text-xs">{h.events.includes("*") ? "all events" : h.events.join(", ")}</TD>
                <TD>{h.active ? <Badge tone="green">active</Badge> : <Badge tone="slate">off</Badge>}</TD>
                <TD className="whitespace-nowrap text-zinc-500 dark:text-zinc-400">
                  <RelativeTime date={h.createdAt} />
                  {h.createdBy ? ` by ${h.createdBy}` : ""}
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
      <div className="mt-8">
        <SettingsSection title="Add a webhook">
          <NewWebhookForm scope={scope} events={WEBHOOK_EVENTS} />
        </SettingsSection>
      </div>
    </div>
  );
}

const statusTone = { succeeded: "green", failed: "red", pending: "amber" } as const;

export async function WebhookDetailPage({ scope, id }: { scope: WebhookScope; id: string }) {
  const { hook, results, count } = await orNotFound(listDeliveries(await registryDb(), await currentActor(), scope, id, { limit: 50, offset: 0 }));
  return (
    <div>
      <p className="mb-2 text-sm">
        <Link href={base(scope)} className="text-accent-600 dark:text-accent-300 hover:underline">
          ← Webhooks
        </Link>
      </p>
      <SettingsTitle title={hook.url} description={hook.description || undefined} />
      <div className="mb-6 flex flex-wrap items-center gap-3 text-sm">
        {hook.active ? <Badge tone="green">active</Badge> : <Badge tone="slate">off</Badge>}
        <span className="text-zinc-600 dark:text-zinc-400">{hook.events.includes("*") ? "All events" : hook.events.join(", ")}</span>
        <ActionButton action={pingAction.bind(null, scope, hook.id)} label="Ping" />
        <ActionButton action={setActiveAction.bind(null, scope, hook.id, !hook.active)} label={hook.active ? "Turn off" : "Turn on"} />
      </div>
      <SettingsSection title={`Recent deliveries (${count})`}>
        {results.length === 0 ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">No deliveries yet. Ping the hook to send a test event.</p>
        ) : (
          <Table aria-label="Deliveries">
            <THead>
              <tr>
                <TH>Event</TH>
                <TH>Status</TH>
                <TH>Attempts</TH>
                <TH>When</TH>
                <TH className="text-right">
                  <span className="sr-only">Actions</span>
                </TH>
              </tr>
            </THead>
            <TBody>
              {results.map((d) => {
                const last = d.log.at(-1);
                return (
                  <TR key={d.id} data-delivery={d.id}>
                    <TD>
                      <span className="font-mono text-[13px]">{d.event}</span>
                      <details className="mt-1 text-xs">
                        <summary className="cursor-pointer text-zinc-500 dark:text-zinc-400">{d.id}</summary>
                        <ol className="mt-1 space-y-1">
                          {d.log.map((a) => (
                            <li key={a.attempt}>
                              #{a.attempt} {a.ok ? "ok" : "failed"} {a.statusCode ?? ""} {a.latencyMs} ms {a.error}
                              {a.responseExcerpt ? (
                                <CodeBlock className="mt-0.5 max-h-24 overflow-auto rounded bg-zinc-100 p-1 dark:bg-zinc-800">{a.responseExcerpt}</CodeBlock>
                              ) : null}
                            </li>
                          ))}
                        </ol>
                        <CodeBlock className="mt-1 max-h-48 overflow-auto rounded bg-zinc-100 p-1 dark:bg-zinc-800">
                          {JSON.stringify(d.payload, null, 2)}
                        </CodeBlock>
                      </details>
                    </TD>
                    <TD>
                      <Badge tone={statusTone[d.status]}>{d.status}</Badge>
                      {d.statusCode !== null ? <span className="ml-1 text-xs text-zinc-500 dark:text-zinc-400">{d.statusCode}</span> : null}
                      {last ? <span className="ml-1 text-xs text-zinc-500 dark:text-zinc-400">{last.latencyMs} ms</span> : null}
                    </TD>
                    <TD>{d.attempts}</TD>
                    <TD className="whitespace-nowrap text-zinc-500 dark:text-zinc-400">
                      <RelativeTime date={d.createdAt} />
                    </TD>
                    <TD className="text-right">
                      <ActionButton action={redeliverAction.bind(null, scope, hook.id, d.id)} label="Redeliver" accessibleName={`Redeliver ${d.id}`} />
                    </TD>
                  </TR>
                );
              })}
            </TBody>
          </Table>
        )}
      </SettingsSection>
      <div className="mt-8 space-y-6">
        <SettingsSection title="Signing secret" description="Rotating replaces the secret at once; receivers must switch to the new one.">
          <RotateSecret scope={scope} id={hook.id} />
        </SettingsSection>
        <SettingsSection title="Delete this webhook" tone="danger">
          <ConfirmButton
            action={deleteWebhookAction.bind(null, scope, hook.id)}
            label="Delete webhook"
            title="Delete this webhook?"
            description={<>Deliveries to {hook.url} stop and its log is deleted.</>}
            confirmLabel="Delete"
            variant="danger"
          />
        </SettingsSection>
      </div>
    </div>
  );
}
