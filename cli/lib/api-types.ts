// Generated from the OpenAPI document by scripts/cli-types.ts (`npm run gen:cli-types`); do not edit.
export interface Api {
  Version: Version;
  StageCondition: StageCondition;
  StageObject: StageObject;
  Alias: Alias;
  Project: Project;
  Run: Run;
  User: User;
  File: File;
  Webhook: Webhook;
  WebhookWithSecret: WebhookWithSecret;
  WebhookDelivery: WebhookDelivery;
  WebhookDeliveryAttempt: WebhookDeliveryAttempt;
}
export interface Version {
  uuid: string;
  owner: string;
  project: string;
  name: string;
  kind: "model" | "artifact";
  description: string;
  tags: string[];
  stage: "testing" | "staging" | "production" | "disabled";
  /**
   * The history (single reads); empty in lists
   */
  stage_conditions: StageCondition[];
  /**
   * The run's uuid: local, or an external reference's
   */
  run: string | null;
  artifacts: string[];
  /**
   * framework, metrics, params, signature …
   */
  meta_info: {
    [k: string]: unknown;
  };
  /**
   * JSON or YAML text, as sent
   */
  content: string;
  readme: string;
  connection: string | null;
  /**
   * ISO 8601 date-time
   */
  created_at: string;
  /**
   * ISO 8601 date-time
   */
  updated_at: string;
  /**
   * The caller's role on the model
   */
  role: "viewer" | "member" | "admin" | null;
  contributors: {
    username: string;
  }[];
  /**
   * /owner/project/runs/uuid for a local run, the URL of an external one
   */
  run_url: string | null;
  run_project: string | null;
  external_run: {
    uuid?: string;
    project?: string;
    url?: string;
  } | null;
  created_by: string | null;
  /**
   * owner/project:name of the version this is a copy of
   */
  copied_from: string | null;
  /**
   * The model's aliases that point at this version (champion …)
   */
  aliases: string[];
}
export interface StageCondition {
  type: "testing" | "staging" | "production" | "disabled";
  /**
   * "True" when applied, "False" when only recorded; with approvals: "Pending" (a request awaiting a project admin), "Requested" (a request since decided), "Rejected" (an admin refused it), "Withdrawn" (its author took it back)
   */
  status: string;
  reason: string;
  message: string;
  /**
   * ISO 8601 date-time
   */
  last_update_time: string;
  /**
   * ISO 8601 date-time
   */
  last_transition_time: string;
  /**
   * `user` (who), `from_stage`, `copied_from` on a copy's first entry; `request_id` on a request and on its decision, which also carries `decision` and `requested_by`
   */
  meta_info: {
    [k: string]: unknown;
  };
}
/**
 * Exactly these keys: Polyaxon's CLI rejects unknown ones.
 */
export interface StageObject {
  uuid: string;
  stage: "testing" | "staging" | "production" | "disabled";
  stage_conditions: StageCondition[];
}
export interface Alias {
  alias: string;
  /**
   * The name of the model version it points at
   */
  version: string;
  /**
   * ISO 8601 date-time
   */
  updated_at: string;
  updated_by: string | null;
}
export interface Project {
  uuid: string;
  /**
   * The organization: OWNER in OWNER/NAME
   */
  owner: string;
  name: string;
  description: string;
  tags: string[];
  /**
   * The model card, markdown
   */
  readme: string;
  /**
   * Public models are readable by everyone, signed out included
   */
  is_public: boolean;
  /**
   * ISO 8601 date-time
   */
  created_at: string;
  /**
   * ISO 8601 date-time
   */
  updated_at: string;
  /**
   * 1 live, 0 archived
   */
  live_state: number;
  /**
   * Switched-off features among runs, models, artifacts
   */
  excluded_features: string[];
  settings: {
    protectedStages?: ("testing" | "staging" | "production" | "disabled")[];
    requireApproval?: boolean;
  };
  /**
   * The caller's role on the model
   */
  role: "viewer" | "member" | "admin" | null;
  contributors: string[];
  /**
   * `project` when the models feature is switched off
   */
  kind: "model" | "project";
}
export interface Run {
  uuid: string;
  owner: string;
  project: string;
  name: string;
  description: string;
  status: "created" | "running" | "succeeded" | "failed" | "stopped";
  tags: string[];
  /**
   * Params
   */
  inputs: {
    [k: string]: unknown;
  };
  /**
   * Metrics
   */
  outputs: {
    [k: string]: unknown;
  };
  artifacts: {
    name: string;
    kind: string;
    /**
     * An opaque reference (e.g. s3://…); never opened by the server
     */
    path: string;
  }[];
  /**
   * Set by the server; `is_promoted` once a version was promoted from the run
   */
  meta_info: {
    [k: string]: unknown;
  };
  is_promoted: boolean;
  created_by: string | null;
  /**
   * ISO 8601 date-time
   */
  created_at: string;
  /**
   * ISO 8601 date-time
   */
  updated_at: string;
  /**
   * The caller's role on the run's project
   */
  role: "viewer" | "member" | "admin" | null;
}
export interface User {
  username: string;
  email: string;
  name: string;
  kind: "user";
  /**
   * The user's personal organization: the default owner for `-p NAME`
   */
  organization: string;
}
export interface File {
  /**
   * Relative path inside the version, e.g. `weights/model.bin`
   */
  path: string;
  /**
   * Bytes
   */
  size: number;
  /**
   * SHA-256 of the content, lowercase hex
   */
  sha256: string;
  content_type: string;
  /**
   * ISO 8601 date-time of the last upload
   */
  created_at: string;
}
export interface Webhook {
  id: number;
  url: string;
  /**
   * Event names, or ["*"] for all
   */
  events: string[];
  active: boolean;
  description: string;
  owner: string;
  /**
   * The model; null for an organization's hook
   */
  project: string | null;
  created_by: string | null;
  /**
   * ISO 8601 date-time
   */
  created_at: string;
  /**
   * ISO 8601 date-time
   */
  updated_at: string;
}
export interface WebhookWithSecret {
  id: number;
  url: string;
  /**
   * Event names, or ["*"] for all
   */
  events: string[];
  active: boolean;
  description: string;
  owner: string;
  /**
   * The model; null for an organization's hook
   */
  project: string | null;
  created_by: string | null;
  /**
   * ISO 8601 date-time
   */
  created_at: string;
  /**
   * ISO 8601 date-time
   */
  updated_at: string;
  /**
   * The signing secret: returned here only, never again
   */
  secret: string;
}
export interface WebhookDelivery {
  /**
   * The X-Modelreg-Delivery header; the same on redelivery
   */
  id: string;
  event: string;
  status: "pending" | "succeeded" | "failed";
  attempts: number;
  /**
   * Of the last attempt
   */
  status_code: number | null;
  /**
   * ISO 8601 date-time
   */
  next_attempt_at: string | null;
  /**
   * ISO 8601 date-time
   */
  delivered_at: string | null;
  /**
   * ISO 8601 date-time
   */
  created_at: string;
  payload: {
    [k: string]: unknown;
  };
  log: WebhookDeliveryAttempt[];
}
export interface WebhookDeliveryAttempt {
  attempt: number;
  ok: boolean;
  status_code: number | null;
  latency_ms: number;
  error: string;
  /**
   * The first 2 KiB of the response body
   */
  response_excerpt: string;
  /**
   * ISO 8601 date-time
   */
  created_at: string;
}

/** The stages, in their order (the Version schema's enum). */
export const STAGES = ["testing","staging","production","disabled"] as const;
