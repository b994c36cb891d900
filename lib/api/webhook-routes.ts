// The webhook route handlers, shared by the model scope (/{owner}/{project}/webhooks) and the
// organization scope (/orgs/{org}/webhooks): each route file names its scope and re-exports these.
import { api, envelope, pageParams, readBody } from "@/lib/api/handler";
import { CreateWebhookBody, UpdateWebhookBody, deliveryWire, webhookSecretWire, webhookWire } from "@/lib/api/openapi/webhooks";
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listDeliveries,
  listWebhooks,
  pingWebhook,
  redeliver,
  updateWebhook,
  type WebhookScope,
} from "@/lib/registry/webhooks";

type ScopeOf<P> = (p: P) => WebhookScope;

export const projectScope = (p: { owner: string; project: string }): WebhookScope => ({ owner: p.owner, project: p.project });
export const orgScope = (p: { org: string }): WebhookScope => ({ org: p.org });

export function collectionRoutes<P>(scope: ScopeOf<P>) {
  return {
    GET: api<P>(async ({ db, actor, params }) => (await listWebhooks(db, actor, scope(params))).map(webhookWire)),
    POST: api<P>(
      async ({ db, actor, req, params }) => webhookSecretWire(await createWebhook(db, actor, scope(params), await readBody(req, CreateWebhookBody))),
      { status: 201 },
    ),
  };
}

export function oneRoutes<P extends { id: string }>(scope: ScopeOf<P>) {
  return {
    GET: api<P>(async ({ db, actor, params }) => webhookWire(await getWebhook(db, actor, scope(params), params.id))),
    PATCH: api<P>(async ({ db, actor, req, params }) =>
      webhookSecretWire(await updateWebhook(db, actor, scope(params), params.id, await readBody(req, UpdateWebhookBody))),
    ),
    DELETE: api<P>(async ({ db, actor, params }) => {
      await deleteWebhook(db, actor, scope(params), params.id);
    }),
  };
}

export function pingRoutes<P extends { id: string }>(scope: ScopeOf<P>) {
  return { POST: api<P>(async ({ db, actor, params }) => pingWebhook(db, actor, scope(params), params.id), { status: 202 }) };
}

export function deliveriesRoutes<P extends { id: string }>(scope: ScopeOf<P>) {
  return {
    GET: api<P>(async ({ db, actor, url, params }) => {
      const page = pageParams(url, { limit: 20 });
      const { count, results } = await listDeliveries(db, actor, scope(params), params.id, page);
      return envelope(url, page, count, results.map(deliveryWire));
    }),
  };
}

export function redeliverRoutes<P extends { id: string; delivery: string }>(scope: ScopeOf<P>) {
  return { POST: api<P>(async ({ db, actor, params }) => redeliver(db, actor, scope(params), params.id, params.delivery), { status: 202 }) };
}
