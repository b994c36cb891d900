// Activity verbs → webhook events, and the outbox write: called by recordActivity in the transaction of
// the change, so a committed change always has its deliveries and a rolled-back one never does.
import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { DB } from "@/db";
import { organizations, projects, users, versions, webhookDeliveries, webhooks } from "@/db/schema";
import { projectReadableBy } from "./access";

/**
 * The one table from activity verbs to stable event names. Extend it when a verb appears (aliases:
 * "alias.set" → "alias.set", "alias.moved" → "alias.moved", "alias.removed" → "alias.removed",
 * "alias.requested"/"approved"/"rejected"/"withdrawn" likewise) and add the name to WEBHOOK_EVENTS.
 */
export const EVENT_OF_VERB: Record<string, string> = {
  "project.created": "model.created",
  "project.updated": "model.updated",
  "project.renamed": "model.updated",
  "project.settings_changed": "model.updated",
  "project.features_changed": "model.updated",
  "project.sources_changed": "model.updated",
  "project.teams_changed": "model.updated",
  "project.grants_changed": "model.updated",
  "project.access_granted": "model.updated",
  "project.access_revoked": "model.updated",
  "project.visibility_changed": "model.visibility_changed",
  "project.deleted": "model.deleted",
  "version.registered": "version.created",
  "version.overwritten": "version.updated",
  "version.updated": "version.updated",
  "version.renamed": "version.updated",
  "version.deleted": "version.deleted",
  "version.transferred_out": "version.transferred",
  "version.transferred_in": "version.transferred",
  "version.copied": "version.copied",
  "version.stage_changed": "version.stage_changed",
  "version.stage_requested": "version.stage_requested",
  "version.stage_rejected": "version.stage_rejected",
  "version.stage_withdrawn": "version.stage_withdrawn",
  "file.uploaded": "files.added",
  "file.replaced": "files.added",
  "file.deleted": "files.removed",
  "run.promoted": "run.promoted",
  "version.alias_set": "version.alias_set",
  "version.alias_moved": "version.alias_moved",
  "version.alias_removed": "version.alias_removed",
  "version.alias_requested": "version.alias_requested",
  "version.alias_rejected": "version.alias_rejected",
  "version.alias_withdrawn": "version.alias_withdrawn",
};

/** Verbs whose approved form (a request_id in the details) is also an approval event. */
const APPROVED_AS: Record<string, string> = {
  "version.stage_changed": "version.stage_approved",
  "version.alias_set": "version.alias_approved",
  "version.alias_moved": "version.alias_approved",
};

/** Every event a hook may subscribe to ("*" is all of them; "ping" is sent on request only). */
export const WEBHOOK_EVENTS = [...new Set([...Object.values(EVENT_OF_VERB), ...Object.values(APPROVED_AS)])].sort();

type Details = Record<string, unknown>;
export type ActivityLike = {
  orgId: number | null;
  projectId?: number | null;
  actorId: number | null;
  verb: string;
  target: string;
  details?: Details;
  change?: { before: Details; after: Details };
};

/** The events one activity produces (an approved request is both a stage change and an approval). */
export function eventsOf(a: ActivityLike): string[] {
  const event = EVENT_OF_VERB[a.verb];
  if (!event) return [];
  const d = a.details ?? {};
  if (a.verb === "version.stage_changed" && d.applied === false) return [];
  const approved = APPROVED_AS[a.verb];
  return d.request_id && approved ? [event, approved] : [event];
}

/** before/after from the activity's details, where the change says what it was. */
export function beforeAfter(a: ActivityLike): { before: Details | null; after: Details | null } {
  if (a.change) return a.change;
  const d = a.details ?? {};
  switch (a.verb) {
    case "project.visibility_changed":
      return { before: { is_public: !d.is_public }, after: { is_public: Boolean(d.is_public) } };
    case "project.renamed":
      return { before: { name: d.from }, after: { name: d.to } };
    case "version.renamed":
      return { before: { name: d.from }, after: { name: a.target } };
    case "version.transferred_out":
    case "version.transferred_in":
      return { before: { model: d.from }, after: { model: d.to } };
    case "version.stage_changed":
    case "version.stage_requested":
    case "version.stage_rejected":
    case "version.stage_withdrawn":
      return { before: { stage: d.from ?? null }, after: { stage: d.to ?? null } };
    case "version.alias_set":
    case "version.alias_moved":
    case "version.alias_removed":
    case "version.alias_requested":
    case "version.alias_rejected":
    case "version.alias_withdrawn":
      return { before: { alias: d.alias, version: d.from ?? null }, after: { alias: d.alias, version: d.to ?? null } };
    case "file.replaced":
    case "file.uploaded":
      return { before: null, after: { path: d.path, size: d.size, sha256: d.sha256 } };
    case "file.deleted":
      return { before: { path: d.path, size: d.size, sha256: d.sha256 }, after: null };
    default:
      return { before: null, after: null };
  }
}

/** Which version the event is about, if any: (kind, name). */
function versionRef(a: ActivityLike): { kind: string; name: string } | null {
  const d = a.details ?? {};
  if (a.verb.startsWith("version.")) return { kind: String(d.kind ?? "model"), name: a.target };
  if (a.verb.startsWith("file.")) return { kind: String(d.kind ?? "model"), name: String(d.version ?? "") };
  if (a.verb === "run.promoted") return { kind: "model", name: String(d.version ?? "") };
  return null;
}

/**
 * Inserts one outbox row per matching active hook: the model's own hooks, and its organization's hooks whose
 * creator may read the model. One statement (no query when the verb is not an event or has no model).
 */
export async function enqueueWebhookEvents(db: DB, a: ActivityLike): Promise<void> {
  if (!a.projectId) return;
  const events = eventsOf(a);
  for (const event of events) {
    const { before, after } = beforeAfter(a);
    const base = JSON.stringify({ event, before, after, details: a.details ?? {} });
    const v = versionRef(a);
    const versionJson: SQL = v
      ? sql`(select jsonb_build_object('kind', v.kind, 'name', v.name, 'uuid', v.uuid, 'stage', v.stage) from ${versions} v
          where v.project_id = ${projects.id} and v.kind = ${v.kind}::version_kind and v.name = ${v.name})`
      : sql`null`;
    await db.execute(sql`insert into ${webhookDeliveries} (webhook_id, event, payload)
      select h.id, ${event}, ${base}::jsonb || jsonb_build_object(
        'occurred_at', now(),
        'model', jsonb_build_object('uuid', ${projects.uuid}, 'name', ${projects.name}, 'owner', o.name, 'full_name', o.name || '/' || ${projects.name}, 'is_public', ${projects.isPublic}),
        'organization', jsonb_build_object('name', o.name),
        'actor', (select jsonb_build_object('username', u.username) from ${users} u where u.id = ${a.actorId}),
        'version', coalesce(${versionJson}, ${v ? sql`jsonb_build_object('kind', ${v.kind}::text, 'name', ${v.name}::text)` : sql`null`})
      )
      from ${webhooks} h
      join ${projects} on ${projects.id} = ${a.projectId}
      join ${organizations} o on o.id = ${projects.orgId}
      where h.active
        and (h.events @> array[${event}]::text[] or h.events @> array['*']::text[])
        and (h.project_id = ${projects.id}
          or (h.project_id is null and h.org_id = ${projects.orgId} and h.created_by_id is not null
            and ${projectReadableBy(sql`h.created_by_id`)}))`);
  }
}
