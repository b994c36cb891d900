// modelreg webhooks ls | create | delete | ping | deliveries — a model's (-p OWNER/MODEL) or an
// organization's (-o ORG) webhooks, over the REST API. The secret is printed once, by create.
import type { Command } from "commander";
import { createClient, seg, splitProject } from "../lib/client";
import { connection } from "../lib/config";
import { CliError } from "../lib/errors";
import { emit, formatDate, printDetails, printTable, say } from "../lib/output";
import type { Webhook, WebhookDelivery } from "../lib/api-types";

type WireHook = Webhook & { secret?: string };
type WireDelivery = WebhookDelivery;
type Envelope<T> = { count: number; results: T[] };
type Scope = { project?: string; org?: string };

function hooksPath(o: Scope): string {
  if (o.project && o.org) throw new CliError("give either -p OWNER/MODEL or -o ORG, not both");
  if (o.org) return `/api/v1/orgs/${seg(o.org)}/webhooks`;
  if (o.project) {
    const { owner, project } = splitProject(o.project, connection().username);
    return `/api/v1/${seg(owner)}/${seg(project)}/webhooks`;
  }
  throw new CliError("say whose webhooks: -p OWNER/MODEL for a model, -o ORG for an organization");
}

const scoped = (c: Command) => c.option("-p, --project <owner/model>", "a model's webhooks").option("-o, --org <org>", "an organization's webhooks");
const events = (v?: string) =>
  v
    ? v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : ["*"];

export function registerWebhooksCommands(program: Command): void {
  const hooks = program.command("webhooks").description("manage the webhooks of a model or an organization (admins)");

  scoped(hooks.command("ls").description("list the webhooks")).action(async (o: Scope, cmd: Command) => {
    const r = await createClient({ requireLogin: true }).get<WireHook[]>(hooksPath(o));
    emit(cmd, r, () =>
      printTable(
        r,
        [
          { header: "id", value: (h) => h.id, align: "right" },
          { header: "url", value: (h) => h.url },
          { header: "events", value: (h) => h.events.join(",") },
          { header: "active", value: (h) => (h.active ? "yes" : "no") },
          { header: "created", value: (h) => `${formatDate(h.created_at)} by ${h.created_by ?? "—"}` },
        ],
        { empty: "No webhooks yet: add one with `modelreg webhooks create --url URL`." },
      ),
    );
  });

  scoped(hooks.command("create").description("add a webhook; prints its signing secret, once"))
    .requiredOption("--url <url>", "where to POST the events (http or https)")
    .option("--events <a,b>", 'comma-separated event names (default: all, "*")')
    .option("--description <text>", "what it is for")
    .option("--inactive", "create it turned off")
    .action(async (o: Scope & { url: string; events?: string; description?: string; inactive?: boolean }, cmd: Command) => {
      const h = await createClient({ requireLogin: true }).post<WireHook>(hooksPath(o), {
        url: o.url,
        events: events(o.events),
        active: !o.inactive,
        ...(o.description ? { description: o.description } : {}),
      });
      emit(cmd, h, () => {
        printDetails([
          ["id", h.id],
          ["url", h.url],
          ["events", h.events],
          ["active", h.active ? "yes" : "no"],
          ["secret", h.secret],
        ]);
        say(cmd, 'Keep the secret now: it is not shown again (rotate it with PATCH … {"rotate_secret": true}).');
      });
    });

  scoped(hooks.command("delete").description("delete a webhook and its delivery log"))
    .requiredOption("--id <id>", "the webhook's id")
    .action(async (o: Scope & { id: string }, cmd: Command) => {
      await createClient({ requireLogin: true }).delete(`${hooksPath(o)}/${seg(o.id)}`);
      emit(cmd, { deleted: Number(o.id) }, () => say(cmd, `Deleted webhook ${o.id}.`));
    });

  scoped(hooks.command("ping").description("send a ping event to a webhook"))
    .requiredOption("--id <id>", "the webhook's id")
    .action(async (o: Scope & { id: string }, cmd: Command) => {
      const r = await createClient({ requireLogin: true }).post<{ delivery: string }>(`${hooksPath(o)}/${seg(o.id)}/ping`);
      emit(cmd, r, () => say(cmd, `Ping queued: delivery ${r.delivery}. See it with \`modelreg webhooks deliveries --id ${o.id}\`.`));
    });

  scoped(hooks.command("deliveries").description("the webhook's recent deliveries, newest first"))
    .requiredOption("--id <id>", "the webhook's id")
    .option("--redeliver <delivery>", "send this delivery again (same delivery id)")
    .option("--limit <n>", "page size", "20")
    .action(async (o: Scope & { id: string; redeliver?: string; limit: string }, cmd: Command) => {
      const client = createClient({ requireLogin: true });
      if (o.redeliver) {
        const r = await client.post<{ delivery: string }>(`${hooksPath(o)}/${seg(o.id)}/deliveries/${seg(o.redeliver)}/redeliver`);
        return emit(cmd, r, () => say(cmd, `Redelivery of ${r.delivery} queued.`));
      }
      const r = await client.get<Envelope<WireDelivery>>(`${hooksPath(o)}/${seg(o.id)}/deliveries`, { limit: o.limit });
      emit(cmd, r, () =>
        printTable(
          r.results,
          [
            { header: "delivery", value: (d) => d.id },
            { header: "event", value: (d) => d.event },
            { header: "status", value: (d) => d.status },
            { header: "code", value: (d) => d.status_code ?? "", align: "right" },
            { header: "attempts", value: (d) => d.attempts, align: "right" },
            { header: "ms", value: (d) => d.log.at(-1)?.latency_ms ?? "", align: "right" },
            { header: "created", value: (d) => formatDate(d.created_at) },
          ],
          { empty: "No deliveries yet: send one with `modelreg webhooks ping`." },
        ),
      );
    });
}
