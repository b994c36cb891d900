// Every REST route of lib/api/routes/v1 (found on disk: a new route fails the coverage test until it has a row
// here) × every actor kind × every kind of model of the access world, called in-process, each answer
// checked against ONE expected status. The expectations come from the hand-written tables in
// lib/testing/expected-access.ts (EXPECTED_ROLE × EXPECTED_PERMISSIONS, EXPECTED_ORG_ROLE ×
// EXPECTED_ORG_PERMISSIONS), never from lib/authz.ts. Every call names things that exist (the seeded
// version, run and file of each model, private ones included), so a handler that skipped its check
// answers a success where a refusal is expected. Writes run in a transaction that is rolled back, so
// every cell sees the same world.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "@/db";
import { and, eq } from "drizzle-orm";
import { aliasEvents, stageConditions, versions } from "@/db/schema";
import {
  ACTOR_NAMES,
  PROJECT_NAMES,
  buildAccessWorld,
  expectedOrgOutcome,
  expectedOutcome,
  type AccessWorld,
  type ActorName,
  type ExpectedOutcome,
  type ProjectName,
} from "@/lib/testing/access-world";
import { addMember, makeTeam, makeUser } from "@/lib/testing/fixtures";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import type { ProjectPermission, OrgPermission } from "@/lib/authz";
import { callRoute, useDbForRoutes } from "@/lib/api/route-testing";
import { uploadFile } from "@/lib/registry/files";
import { createRun } from "@/lib/registry/runs";
import { createToken, listTokens, revokeToken } from "@/lib/registry/tokens";
import { NotFoundError, UnauthorizedError } from "@/lib/registry/errors";
import { registerVersion } from "@/lib/registry/versions";
import { getBlobStore } from "@/lib/storage";
import * as projectRoute from "@/lib/api/routes/v1/[owner]/[project]/route";
import * as activitiesRoute from "@/lib/api/routes/v1/[owner]/[project]/activities/route";
import * as modelDownloadsRoute from "@/lib/api/routes/v1/[owner]/[project]/downloads/route";
import * as versionDownloadsRoute from "@/lib/api/routes/v1/[owner]/[project]/versions/[kind]/[name]/downloads/route";
import * as runsRoute from "@/lib/api/routes/v1/[owner]/[project]/runs/route";
import * as runRoute from "@/lib/api/routes/v1/[owner]/[project]/runs/[uuid]/route";
import * as promoteRoute from "@/lib/api/routes/v1/[owner]/[project]/runs/[uuid]/promote/route";
import * as settingsRoute from "@/lib/api/routes/v1/[owner]/[project]/settings/route";
import * as versionsRoute from "@/lib/api/routes/v1/[owner]/[project]/versions/[kind]/route";
import * as versionRoute from "@/lib/api/routes/v1/[owner]/[project]/versions/[kind]/[name]/route";
import * as copyRoute from "@/lib/api/routes/v1/[owner]/[project]/versions/[kind]/[name]/copy/route";
import * as transferRoute from "@/lib/api/routes/v1/[owner]/[project]/versions/[kind]/[name]/transfer/route";
import * as stagesRoute from "@/lib/api/routes/v1/[owner]/[project]/versions/[kind]/[name]/stages/route";
import * as approveRoute from "@/lib/api/routes/v1/[owner]/[project]/versions/[kind]/[name]/stages/approve/route";
import * as rejectRoute from "@/lib/api/routes/v1/[owner]/[project]/versions/[kind]/[name]/stages/reject/route";
import * as withdrawRoute from "@/lib/api/routes/v1/[owner]/[project]/versions/[kind]/[name]/stages/withdraw/route";
import * as filesRoute from "@/lib/api/routes/v1/[owner]/[project]/versions/[kind]/[name]/files/route";
import * as fileRoute from "@/lib/api/routes/v1/[owner]/[project]/versions/[kind]/[name]/files/[...path]/route";
import * as uploadsRoute from "@/lib/api/routes/v1/[owner]/[project]/versions/[kind]/[name]/uploads/route";
import * as uploadsCommitRoute from "@/lib/api/routes/v1/[owner]/[project]/versions/[kind]/[name]/uploads/commit/route";
import * as createProjectRoute from "@/lib/api/routes/v1/[owner]/projects/create/route";
import * as listProjectsRoute from "@/lib/api/routes/v1/[owner]/projects/list/route";
import * as orgsRoute from "@/lib/api/routes/v1/orgs/route";
import * as orgRoute from "@/lib/api/routes/v1/orgs/[org]/route";
import * as orgDeployedRoute from "@/lib/api/routes/v1/orgs/[org]/deployed/route";
import * as orgRecentRoute from "@/lib/api/routes/v1/orgs/[org]/recent/route";
import * as orgActivitiesRoute from "@/lib/api/routes/v1/orgs/[org]/activities/route";
import * as membersRoute from "@/lib/api/routes/v1/orgs/[org]/members/route";
import * as memberRoute from "@/lib/api/routes/v1/orgs/[org]/members/[username]/route";
import * as teamsRoute from "@/lib/api/routes/v1/orgs/[org]/teams/route";
import * as teamRoute from "@/lib/api/routes/v1/orgs/[org]/teams/[team]/route";
import * as teamMemberRoute from "@/lib/api/routes/v1/orgs/[org]/teams/[team]/members/[username]/route";
import * as usersRoute from "@/lib/api/routes/v1/users/route";
import * as aliasesRoute from "@/lib/api/routes/v1/[owner]/[project]/aliases/route";
import * as aliasRoute from "@/lib/api/routes/v1/[owner]/[project]/aliases/[alias]/route";
import * as aliasApproveRoute from "@/lib/api/routes/v1/[owner]/[project]/aliases/[alias]/approve/route";
import * as aliasRejectRoute from "@/lib/api/routes/v1/[owner]/[project]/aliases/[alias]/reject/route";
import * as aliasWithdrawRoute from "@/lib/api/routes/v1/[owner]/[project]/aliases/[alias]/withdraw/route";
import * as hooksRoute from "@/lib/api/routes/v1/[owner]/[project]/webhooks/route";
import * as hookRoute from "@/lib/api/routes/v1/[owner]/[project]/webhooks/[id]/route";
import * as hookPingRoute from "@/lib/api/routes/v1/[owner]/[project]/webhooks/[id]/ping/route";
import * as hookDeliveriesRoute from "@/lib/api/routes/v1/[owner]/[project]/webhooks/[id]/deliveries/route";
import * as hookRedeliverRoute from "@/lib/api/routes/v1/[owner]/[project]/webhooks/[id]/deliveries/[delivery]/redeliver/route";
import * as orgHooksRoute from "@/lib/api/routes/v1/orgs/[org]/webhooks/route";
import * as orgHookRoute from "@/lib/api/routes/v1/orgs/[org]/webhooks/[id]/route";
import * as orgHookPingRoute from "@/lib/api/routes/v1/orgs/[org]/webhooks/[id]/ping/route";
import * as orgHookDeliveriesRoute from "@/lib/api/routes/v1/orgs/[org]/webhooks/[id]/deliveries/route";
import * as orgHookRedeliverRoute from "@/lib/api/routes/v1/orgs/[org]/webhooks/[id]/deliveries/[delivery]/redeliver/route";
import * as requestsRoute from "@/lib/api/routes/v1/requests/route";
import { setAlias, PENDING as ALIAS_PENDING } from "@/lib/registry/aliases";
import { createWebhook, pingWebhook } from "@/lib/registry/webhooks";

let t: TestDb;
let w: AccessWorld;
let sandbox: string;
const tokens: Partial<Record<ActorName, string>> = {};
const runUuid = {} as Record<ProjectName, string>;
/** A webhook of each model and one of the organization, each with a queued delivery (ids that exist). */
const hook = {} as Record<ProjectName, { id: string; delivery: string }>;
let orgHook: { id: string; delivery: string };
/** Extra users for the organization routes: a member to change or remove, one to add, one to put in a team. */
let extra: { member: string; newcomer: string; teamless: string };
const FILE = "weights/model.bin";
const FILE_BYTES = Buffer.from("the seeded weights");
const FILE_SHA = crypto.createHash("sha256").update(FILE_BYTES).digest("hex");
async function* bytes(b: Buffer) {
  yield new Uint8Array(b);
}

beforeAll(async () => {
  sandbox = fs.mkdtempSync(path.join(os.tmpdir(), "modelreg-routes-matrix-"));
  // The webhooks' loopback targets are allowed (they are never called: no worker runs here).
  process.env.MODELREG_WEBHOOK_ALLOW = "127.0.0.0/8";
  process.env.MODELREG_DATA_DIR = path.join(sandbox, "data");
  delete process.env.STORAGE_URL;
  t = await createTestDb();
  w = await buildAccessWorld(t.db, "rm");
  const owner = w.actors.owner;
  for (const p of PROJECT_NAMES) {
    await registerVersion(t.db, owner, w.org, p, "model", { name: "base", description: `the base of ${p}` });
    await uploadFile(t.db, owner, {
      owner: w.org,
      project: p,
      kind: "model",
      version: "base",
      path: FILE,
      body: bytes(FILE_BYTES),
      contentLength: FILE_BYTES.length,
      contentType: "application/octet-stream",
    });
    runUuid[p] = (await createRun(t.db, owner, w.org, p, { name: "base" })).run.uuid;
    const { webhook } = await createWebhook(t.db, owner, { owner: w.org, project: p }, { url: "http://127.0.0.1:9/hook", events: ["*"] });
    hook[p] = { id: String(webhook.id), delivery: (await pingWebhook(t.db, owner, { owner: w.org, project: p }, webhook.id)).delivery };
  }
  const { webhook: oh } = await createWebhook(t.db, owner, { org: w.org }, { url: "http://127.0.0.1:9/org-hook", events: ["*"] });
  orgHook = { id: String(oh.id), delivery: (await pingWebhook(t.db, owner, { org: w.org }, oh.id)).delivery };
  for (const [name, user] of Object.entries(w.users)) tokens[name as ActorName] = (await createToken(t.db, user, { name: "route matrix" })).token;
  const m = await makeUser(t.db, "rm-extra-member");
  await addMember(t.db, w.orgId, m, "member");
  await makeTeam(t.db, w.orgId, "u", [[m, "member"]]);
  const teamless = await makeUser(t.db, "rm-extra-teamless");
  await addMember(t.db, w.orgId, teamless, "viewer");
  extra = { member: m.username, newcomer: (await makeUser(t.db, "rm-extra-newcomer")).username, teamless: teamless.username };
}, 180_000);
afterAll(async () => {
  await t?.close();
  if (sandbox) fs.rmSync(sandbox, { recursive: true, force: true });
});

class Rollback extends Error {}

type Handler = (req: Request, ctx: { params: Promise<never> }) => Promise<Response> | Response;
type Cell = { a: ActorName; p: ProjectName };
type Row = {
  /** The route folder under lib/api/routes/v1 and the method, as found on disk. */
  route: string;
  method: "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";
  handler: Handler;
  /** The path after the model (`owner/project`), or the whole path for routes outside models. */
  url: (c: Cell) => string;
  params: (c: Cell) => Record<string, unknown>;
  body?: (c: Cell) => unknown;
  /** Runs in the transaction, as the world's owner, before the call (a version to delete, a pending request…). */
  prepare?: (db: DB, c: Cell) => Promise<void>;
  expected: (c: Cell) => number;
  /** Tells apart two rows of one route and method. */
  note?: string;
  /** Whether the cells vary by model (false: once per actor). */
  perProject: boolean;
};

const mp = (c: Cell, rest = "") => ({ url: `/api/v1/${w.org}/${c.p}${rest}` });
const P = (c: Cell) => ({ owner: w.org, project: c.p });
const V = (c: Cell, name = "base") => ({ ...P(c), kind: "model", name });
const status = (want: ExpectedOutcome, ok: number) => (want === "ok" ? ok : want);
const needs = (perm: ProjectPermission, ok: number) => (c: Cell) => status(expectedOutcome(c.a, c.p, perm), ok);
const orgNeeds = (perm: OrgPermission, ok: number) => (c: Cell) => status(expectedOrgOutcome(c.a, perm), ok);
const signedIn = (ok: number) => (c: Cell) => (c.a === "anonymous" ? 401 : ok);

/** Transfers go to a partner model (written out); the actor needs admin on both sides. */
const PARTNER: Record<ProjectName, ProjectName> = {
  public: "private",
  private: "public",
  restricted: "public-restricted",
  "public-restricted": "restricted",
  granted: "private",
  "public-granted": "public",
};
const transferExpected = (c: Cell) => {
  const source = expectedOutcome(c.a, c.p, "version.transfer");
  if (source !== "ok") return source;
  // a target the actor cannot see is a bad value of the `project` field (400), its existence never leaks
  const target = expectedOutcome(c.a, PARTNER[c.p], "version.transfer");
  return target === 404 ? 400 : status(target, 200);
};

/** A pending request to point the protected alias `champion` at the seeded version, asked by `author`. */
async function pendingAlias(db: DB, c: Cell, author: ActorName) {
  const [v] = await db
    .select({ id: versions.id })
    .from(versions)
    .where(and(eq(versions.projectId, w.projectIds[c.p]), eq(versions.name, "base")));
  const by = author === "anonymous" ? w.users.owner : w.users[author];
  await db.insert(aliasEvents).values({
    projectId: w.projectIds[c.p],
    alias: "champion",
    versionId: v.id,
    versionName: "base",
    status: ALIAS_PENDING,
    reason: "please",
    details: { request_id: crypto.randomUUID() },
    actorId: by.userId,
  });
}

/** A pending stage request on the model's seeded version, asked by `author` (the owner when signed out). */
async function pending(db: DB, c: Cell, author: ActorName) {
  const [v] = await db
    .select({ id: versions.id })
    .from(versions)
    .where(and(eq(versions.projectId, w.projectIds[c.p]), eq(versions.name, "base")));
  const by = author === "anonymous" ? w.users.owner : w.users[author];
  await db.insert(stageConditions).values({
    versionId: v.id,
    type: "production",
    fromStage: "testing",
    status: "Pending",
    reason: "please",
    details: { request_id: crypto.randomUUID() },
    actorId: by.userId,
  });
}

const ROWS: Row[] = [
  // the model
  {
    route: "[owner]/[project]",
    method: "GET",
    handler: projectRoute.GET,
    url: (c) => mp(c).url,
    params: P,
    expected: needs("project.read", 200),
    perProject: true,
  },
  {
    route: "[owner]/[project]",
    method: "PATCH",
    handler: projectRoute.PATCH,
    url: (c) => mp(c).url,
    params: P,
    body: () => ({ description: "changed" }),
    expected: needs("project.settings", 200),
    perProject: true,
  },
  {
    route: "[owner]/[project]",
    method: "DELETE",
    handler: projectRoute.DELETE,
    url: (c) => mp(c).url,
    params: P,
    expected: needs("project.delete", 204),
    perProject: true,
  },
  {
    route: "[owner]/[project]/activities",
    method: "GET",
    handler: activitiesRoute.GET,
    url: (c) => mp(c, "/activities").url,
    params: P,
    expected: needs("project.read", 200),
    perProject: true,
  },
  {
    route: "[owner]/[project]/downloads",
    method: "GET",
    handler: modelDownloadsRoute.GET,
    url: (c) => mp(c, "/downloads").url,
    params: P,
    expected: needs("project.read", 200),
    perProject: true,
  },
  {
    route: "[owner]/[project]/versions/[kind]/[name]/downloads",
    method: "GET",
    handler: versionDownloadsRoute.GET,
    url: (c) => mp(c, "/versions/model/base/downloads").url,
    params: V,
    expected: needs("project.read", 200),
    perProject: true,
  },
  {
    route: "[owner]/[project]/settings",
    method: "GET",
    handler: settingsRoute.GET,
    url: (c) => mp(c, "/settings").url,
    params: P,
    expected: needs("project.settings", 200),
    perProject: true,
  },
  {
    route: "[owner]/[project]/settings",
    method: "PATCH",
    handler: settingsRoute.PATCH,
    url: (c) => mp(c, "/settings").url,
    params: P,
    body: () => ({ protected_stages: ["production", "staging"] }),
    expected: needs("project.settings", 200),
    perProject: true,
  },
  // runs
  {
    route: "[owner]/[project]/runs",
    method: "GET",
    handler: runsRoute.GET,
    url: (c) => mp(c, "/runs").url,
    params: P,
    expected: needs("project.read", 200),
    perProject: true,
  },
  {
    route: "[owner]/[project]/runs",
    method: "POST",
    handler: runsRoute.POST,
    url: (c) => mp(c, "/runs").url,
    params: P,
    body: () => ({ name: "logged" }),
    expected: needs("run.write", 201),
    perProject: true,
  },
  {
    route: "[owner]/[project]/runs/[uuid]",
    method: "GET",
    handler: runRoute.GET,
    url: (c) => mp(c, `/runs/${runUuid[c.p]}`).url,
    params: (c) => ({ ...P(c), uuid: runUuid[c.p] }),
    expected: needs("project.read", 200),
    perProject: true,
  },
  {
    route: "[owner]/[project]/runs/[uuid]",
    method: "PATCH",
    handler: runRoute.PATCH,
    url: (c) => mp(c, `/runs/${runUuid[c.p]}`).url,
    params: (c) => ({ ...P(c), uuid: runUuid[c.p] }),
    body: () => ({ tags: ["x"] }),
    expected: needs("run.write", 200),
    perProject: true,
  },
  {
    route: "[owner]/[project]/runs/[uuid]/promote",
    method: "POST",
    handler: promoteRoute.POST,
    url: (c) => mp(c, `/runs/${runUuid[c.p]}/promote`).url,
    params: (c) => ({ ...P(c), uuid: runUuid[c.p] }),
    body: (c) => ({ project: `${w.org}/${c.p}`, name: "promoted" }),
    expected: needs("run.promote", 201),
    perProject: true,
  },
  // versions
  {
    route: "[owner]/[project]/versions/[kind]",
    method: "GET",
    handler: versionsRoute.GET,
    url: (c) => mp(c, "/versions/model").url,
    params: (c) => ({ ...P(c), kind: "model" }),
    expected: needs("project.read", 200),
    perProject: true,
  },
  {
    route: "[owner]/[project]/versions/[kind]",
    method: "POST",
    handler: versionsRoute.POST,
    url: (c) => mp(c, "/versions/model").url,
    params: (c) => ({ ...P(c), kind: "model" }),
    body: () => ({ name: "registered" }),
    expected: needs("version.write", 201),
    perProject: true,
  },
  {
    route: "[owner]/[project]/versions/[kind]/[name]",
    method: "GET",
    handler: versionRoute.GET,
    url: (c) => mp(c, "/versions/model/base").url,
    params: V,
    expected: needs("project.read", 200),
    perProject: true,
  },
  {
    route: "[owner]/[project]/versions/[kind]/[name]",
    method: "PATCH",
    handler: versionRoute.PATCH,
    url: (c) => mp(c, "/versions/model/base").url,
    params: V,
    body: () => ({ description: "changed", meta_info: { metrics: { acc: 1 } } }),
    expected: needs("version.write", 200),
    perProject: true,
  },
  {
    route: "[owner]/[project]/versions/[kind]/[name]",
    method: "DELETE",
    handler: versionRoute.DELETE,
    url: (c) => mp(c, "/versions/model/doomed").url,
    params: (c) => V(c, "doomed"),
    prepare: async (db, c) => void (await registerVersion(db, w.actors.owner, w.org, c.p, "model", { name: "doomed" })),
    expected: needs("version.delete", 204),
    perProject: true,
  },
  {
    route: "[owner]/[project]/versions/[kind]/[name]/copy",
    method: "POST",
    handler: copyRoute.POST,
    url: (c) => mp(c, "/versions/model/base/copy").url,
    params: V,
    body: (c) => ({ project: c.p, name: "copied" }),
    expected: needs("version.transfer", 201),
    perProject: true,
  },
  // the seeded version's name is taken in the partner too: transfer a second version, seeded in the transaction
  {
    route: "[owner]/[project]/versions/[kind]/[name]/transfer",
    method: "POST",
    handler: transferRoute.POST,
    url: (c) => mp(c, "/versions/model/mover/transfer").url,
    params: (c) => V(c, "mover"),
    prepare: async (db, c) => void (await registerVersion(db, w.actors.owner, w.org, c.p, "model", { name: "mover" })),
    body: (c) => ({ project: PARTNER[c.p] }),
    expected: transferExpected,
    perProject: true,
  },
  {
    route: "[owner]/[project]/versions/[kind]/[name]/stages",
    method: "GET",
    handler: stagesRoute.GET,
    url: (c) => mp(c, "/versions/model/base/stages").url,
    params: V,
    expected: needs("project.read", 200),
    perProject: true,
  },
  {
    route: "[owner]/[project]/versions/[kind]/[name]/stages",
    method: "POST",
    handler: stagesRoute.POST,
    url: (c) => mp(c, "/versions/model/base/stages").url,
    params: V,
    note: "into staging",
    body: () => ({ condition: { type: "staging" } }),
    expected: needs("stage.change", 200),
    perProject: true,
  },
  // the same route into the protected stage (production by default): admins only
  {
    route: "[owner]/[project]/versions/[kind]/[name]/stages",
    method: "POST",
    handler: stagesRoute.POST,
    url: (c) => mp(c, "/versions/model/base/stages").url,
    params: V,
    note: "into production (protected)",
    body: () => ({ condition: { type: "production" } }),
    expected: needs("stage.protected", 200),
    perProject: true,
  },
  {
    route: "[owner]/[project]/versions/[kind]/[name]/stages/approve",
    method: "POST",
    handler: approveRoute.POST,
    url: (c) => mp(c, "/versions/model/base/stages/approve").url,
    params: V,
    body: () => ({}),
    prepare: (db, c) => pending(db, c, "member"),
    expected: needs("stage.approve", 200),
    perProject: true,
  },
  {
    route: "[owner]/[project]/versions/[kind]/[name]/stages/reject",
    method: "POST",
    handler: rejectRoute.POST,
    url: (c) => mp(c, "/versions/model/base/stages/reject").url,
    params: V,
    body: () => ({}),
    prepare: (db, c) => pending(db, c, "member"),
    expected: needs("stage.approve", 200),
    perProject: true,
  },
  // withdrawing one's own request needs only to see the model; someone else's request is 403
  {
    route: "[owner]/[project]/versions/[kind]/[name]/stages/withdraw",
    method: "POST",
    handler: withdrawRoute.POST,
    url: (c) => mp(c, "/versions/model/base/stages/withdraw").url,
    params: V,
    body: () => ({}),
    note: "own request",
    prepare: (db, c) => pending(db, c, c.a),
    expected: (c) => status(expectedOutcome(c.a, c.p, "project.read"), c.a === "anonymous" ? 401 : 200),
    perProject: true,
  },
  {
    route: "[owner]/[project]/versions/[kind]/[name]/stages/withdraw",
    method: "POST",
    handler: withdrawRoute.POST,
    url: (c) => mp(c, "/versions/model/base/stages/withdraw").url,
    params: V,
    body: () => ({}),
    note: "the owner's request",
    prepare: (db, c) => pending(db, c, "owner"),
    expected: (c) => status(expectedOutcome(c.a, c.p, "project.read"), c.a === "anonymous" ? 401 : c.a === "owner" ? 200 : 403),
    perProject: true,
  },
  // files
  {
    route: "[owner]/[project]/versions/[kind]/[name]/files",
    method: "GET",
    handler: filesRoute.GET,
    url: (c) => mp(c, "/versions/model/base/files").url,
    params: V,
    expected: needs("project.read", 200),
    perProject: true,
  },
  {
    route: "[owner]/[project]/versions/[kind]/[name]/files/[...path]",
    method: "GET",
    handler: fileRoute.GET,
    url: (c) => mp(c, `/versions/model/base/files/${FILE}`).url,
    params: (c) => ({ ...V(c), path: FILE.split("/") }),
    expected: needs("project.read", 200),
    perProject: true,
  },
  {
    route: "[owner]/[project]/versions/[kind]/[name]/files/[...path]",
    method: "HEAD",
    handler: fileRoute.HEAD,
    url: (c) => mp(c, `/versions/model/base/files/${FILE}`).url,
    params: (c) => ({ ...V(c), path: FILE.split("/") }),
    expected: needs("project.read", 200),
    perProject: true,
  },
  {
    route: "[owner]/[project]/versions/[kind]/[name]/files/[...path]",
    method: "PUT",
    handler: fileRoute.PUT,
    url: (c) => mp(c, "/versions/model/base/files/new.txt").url,
    params: (c) => ({ ...V(c), path: ["new.txt"] }),
    note: "a new file",
    body: () => "new bytes",
    expected: needs("file.upload", 201),
    perProject: true,
  },
  // replacing the seeded file (same path) is an upload too
  {
    route: "[owner]/[project]/versions/[kind]/[name]/files/[...path]",
    method: "PUT",
    handler: fileRoute.PUT,
    url: (c) => mp(c, `/versions/model/base/files/${FILE}`).url,
    params: (c) => ({ ...V(c), path: FILE.split("/") }),
    note: "replacing the seeded file",
    body: () => "other weights",
    expected: needs("file.upload", 200),
    perProject: true,
  },
  {
    route: "[owner]/[project]/versions/[kind]/[name]/files/[...path]",
    method: "DELETE",
    handler: fileRoute.DELETE,
    url: (c) => mp(c, `/versions/model/base/files/${FILE}`).url,
    params: (c) => ({ ...V(c), path: FILE.split("/") }),
    expected: needs("file.delete", 204),
    perProject: true,
  },
  // uploads planned and committed (the bytes the model has already: nothing to send)
  {
    route: "[owner]/[project]/versions/[kind]/[name]/uploads",
    method: "POST",
    handler: uploadsRoute.POST,
    url: (c) => mp(c, "/versions/model/base/uploads").url,
    params: V,
    body: () => ({ files: [{ path: "again.bin", size: FILE_BYTES.length, sha256: FILE_SHA }] }),
    expected: needs("file.upload", 200),
    perProject: true,
  },
  {
    route: "[owner]/[project]/versions/[kind]/[name]/uploads/commit",
    method: "POST",
    handler: uploadsCommitRoute.POST,
    url: (c) => mp(c, "/versions/model/base/uploads/commit").url,
    params: V,
    body: () => ({ files: [{ path: "again.bin", size: FILE_BYTES.length, sha256: FILE_SHA }] }),
    expected: needs("file.upload", 200),
    perProject: true,
  },
  // models of the organization
  {
    route: "[owner]/projects/list",
    method: "GET",
    handler: listProjectsRoute.GET,
    url: () => `/api/v1/${w.org}/projects/list`,
    params: () => ({ owner: w.org }),
    expected: () => 200,
    perProject: false,
  },
  {
    route: "[owner]/projects/create",
    method: "POST",
    handler: createProjectRoute.POST,
    url: () => `/api/v1/${w.org}/projects/create`,
    params: () => ({ owner: w.org }),
    body: () => ({ name: "created" }),
    expected: orgNeeds("project.create", 201),
    perProject: false,
  },
  // organizations, members, teams
  { route: "orgs", method: "GET", handler: orgsRoute.GET, url: () => "/api/v1/orgs", params: () => ({}), expected: signedIn(200), perProject: false },
  {
    route: "orgs",
    method: "POST",
    handler: orgsRoute.POST,
    url: () => "/api/v1/orgs",
    params: () => ({}),
    body: () => ({ name: "rm-new-org" }),
    expected: signedIn(201),
    perProject: false,
  },
  {
    route: "orgs/[org]",
    method: "GET",
    handler: orgRoute.GET,
    url: () => `/api/v1/orgs/${w.org}`,
    params: () => ({ org: w.org }),
    expected: () => 200,
    perProject: false,
  },
  {
    route: "orgs/[org]/deployed",
    method: "GET",
    handler: orgDeployedRoute.GET,
    url: () => `/api/v1/orgs/${w.org}/deployed`,
    params: () => ({ org: w.org }),
    expected: () => 200, // what each caller finds is deployed.test.ts's matrix
    perProject: false,
  },
  {
    route: "orgs/[org]/recent",
    method: "GET",
    handler: orgRecentRoute.GET,
    url: () => `/api/v1/orgs/${w.org}/recent`,
    params: () => ({ org: w.org }),
    expected: () => 200, // what each caller finds is org-recent.test.ts's matrix
    perProject: false,
  },
  {
    route: "orgs/[org]",
    method: "PATCH",
    handler: orgRoute.PATCH,
    url: () => `/api/v1/orgs/${w.org}`,
    params: () => ({ org: w.org }),
    body: () => ({ description: "changed" }),
    expected: orgNeeds("org.update", 200),
    perProject: false,
  },
  {
    route: "orgs/[org]",
    method: "DELETE",
    handler: orgRoute.DELETE,
    url: () => `/api/v1/orgs/${w.org}`,
    params: () => ({ org: w.org }),
    expected: orgNeeds("org.delete", 204),
    perProject: false,
  },
  {
    route: "orgs/[org]/activities",
    method: "GET",
    handler: orgActivitiesRoute.GET,
    url: () => `/api/v1/orgs/${w.org}/activities`,
    params: () => ({ org: w.org }),
    expected: orgNeeds("org.read", 200),
    perProject: false,
  },
  {
    route: "orgs/[org]/members",
    method: "GET",
    handler: membersRoute.GET,
    url: () => `/api/v1/orgs/${w.org}/members`,
    params: () => ({ org: w.org }),
    expected: orgNeeds("org.read", 200),
    perProject: false,
  },
  {
    route: "orgs/[org]/members",
    method: "POST",
    handler: membersRoute.POST,
    url: () => `/api/v1/orgs/${w.org}/members`,
    params: () => ({ org: w.org }),
    body: () => ({ user: extra.newcomer, role: "member" }),
    expected: orgNeeds("members.manage", 201),
    perProject: false,
  },
  {
    route: "orgs/[org]/members/[username]",
    method: "PATCH",
    handler: memberRoute.PATCH,
    url: () => `/api/v1/orgs/${w.org}/members/${extra.member}`,
    params: () => ({ org: w.org, username: extra.member }),
    note: "to viewer",
    body: () => ({ role: "viewer" }),
    expected: orgNeeds("members.manage", 200),
    perProject: false,
  },
  // making someone an owner takes an owner
  {
    route: "orgs/[org]/members/[username]",
    method: "PATCH",
    handler: memberRoute.PATCH,
    url: () => `/api/v1/orgs/${w.org}/members/${extra.member}`,
    params: () => ({ org: w.org, username: extra.member }),
    note: "to owner",
    body: () => ({ role: "owner" }),
    expected: (c) => (c.a === "manager" ? 403 : orgNeeds("owners.manage", 200)(c)),
    perProject: false,
  },
  {
    route: "orgs/[org]/members/[username]",
    method: "DELETE",
    handler: memberRoute.DELETE,
    url: () => `/api/v1/orgs/${w.org}/members/${extra.member}`,
    params: () => ({ org: w.org, username: extra.member }),
    expected: orgNeeds("members.manage", 204),
    perProject: false,
  },
  {
    route: "orgs/[org]/teams",
    method: "GET",
    handler: teamsRoute.GET,
    url: () => `/api/v1/orgs/${w.org}/teams`,
    params: () => ({ org: w.org }),
    expected: orgNeeds("org.read", 200),
    perProject: false,
  },
  {
    route: "orgs/[org]/teams",
    method: "POST",
    handler: teamsRoute.POST,
    url: () => `/api/v1/orgs/${w.org}/teams`,
    params: () => ({ org: w.org }),
    body: () => ({ name: "fresh" }),
    expected: orgNeeds("teams.manage", 201),
    perProject: false,
  },
  {
    route: "orgs/[org]/teams/[team]",
    method: "GET",
    handler: teamRoute.GET,
    url: () => `/api/v1/orgs/${w.org}/teams/u`,
    params: () => ({ org: w.org, team: "u" }),
    expected: orgNeeds("org.read", 200),
    perProject: false,
  },
  {
    route: "orgs/[org]/teams/[team]",
    method: "PATCH",
    handler: teamRoute.PATCH,
    url: () => `/api/v1/orgs/${w.org}/teams/u`,
    params: () => ({ org: w.org, team: "u" }),
    body: () => ({ description: "changed" }),
    expected: orgNeeds("teams.manage", 200),
    perProject: false,
  },
  {
    route: "orgs/[org]/teams/[team]",
    method: "DELETE",
    handler: teamRoute.DELETE,
    url: () => `/api/v1/orgs/${w.org}/teams/u`,
    params: () => ({ org: w.org, team: "u" }),
    expected: orgNeeds("teams.manage", 204),
    perProject: false,
  },
  {
    route: "orgs/[org]/teams/[team]/members/[username]",
    method: "PUT",
    handler: teamMemberRoute.PUT,
    url: () => `/api/v1/orgs/${w.org}/teams/u/members/${extra.teamless}`,
    params: () => ({ org: w.org, team: "u", username: extra.teamless }),
    body: () => ({ role: "member" }),
    expected: orgNeeds("teams.manage", 201),
    perProject: false,
  },
  {
    route: "orgs/[org]/teams/[team]/members/[username]",
    method: "DELETE",
    handler: teamMemberRoute.DELETE,
    url: () => `/api/v1/orgs/${w.org}/teams/u/members/${extra.member}`,
    params: () => ({ org: w.org, team: "u", username: extra.member }),
    expected: orgNeeds("teams.manage", 204),
    perProject: false,
  },
  { route: "users", method: "GET", handler: usersRoute.GET, url: () => "/api/v1/users", params: () => ({}), expected: signedIn(200), perProject: false },
  {
    route: "requests",
    method: "GET",
    handler: requestsRoute.GET,
    url: () => "/api/v1/requests",
    params: () => ({}),
    expected: signedIn(200),
    perProject: false,
  },
  // aliases: members move ordinary ones, admins the protected `champion`; deciding a request takes an admin
  {
    route: "[owner]/[project]/aliases",
    method: "GET",
    handler: aliasesRoute.GET,
    url: (c) => mp(c, "/aliases").url,
    params: P,
    expected: needs("project.read", 200),
    perProject: true,
  },
  {
    route: "[owner]/[project]/aliases/[alias]",
    method: "PUT",
    handler: aliasRoute.PUT,
    url: (c) => mp(c, "/aliases/candidate").url,
    params: (c) => ({ ...P(c), alias: "candidate" }),
    note: "an ordinary alias",
    body: () => ({ version: "base" }),
    expected: needs("alias.set", 201),
    perProject: true,
  },
  {
    route: "[owner]/[project]/aliases/[alias]",
    method: "PUT",
    handler: aliasRoute.PUT,
    url: (c) => mp(c, "/aliases/champion").url,
    params: (c) => ({ ...P(c), alias: "champion" }),
    note: "the protected champion",
    body: () => ({ version: "base" }),
    expected: needs("alias.protected", 201),
    perProject: true,
  },
  {
    route: "[owner]/[project]/aliases/[alias]",
    method: "DELETE",
    handler: aliasRoute.DELETE,
    url: (c) => mp(c, "/aliases/candidate").url,
    params: (c) => ({ ...P(c), alias: "candidate" }),
    prepare: async (db, c) => void (await setAlias(db, w.actors.owner, w.org, c.p, "candidate", { version: "base" })),
    expected: needs("alias.set", 204),
    perProject: true,
  },
  {
    route: "[owner]/[project]/aliases/[alias]/approve",
    method: "POST",
    handler: aliasApproveRoute.POST,
    url: (c) => mp(c, "/aliases/champion/approve").url,
    params: (c) => ({ ...P(c), alias: "champion" }),
    body: () => ({}),
    prepare: (db, c) => pendingAlias(db, c, "member"),
    expected: needs("alias.protected", 200),
    perProject: true,
  },
  {
    route: "[owner]/[project]/aliases/[alias]/reject",
    method: "POST",
    handler: aliasRejectRoute.POST,
    url: (c) => mp(c, "/aliases/champion/reject").url,
    params: (c) => ({ ...P(c), alias: "champion" }),
    body: () => ({}),
    prepare: (db, c) => pendingAlias(db, c, "member"),
    expected: needs("alias.protected", 200),
    perProject: true,
  },
  {
    route: "[owner]/[project]/aliases/[alias]/withdraw",
    method: "POST",
    handler: aliasWithdrawRoute.POST,
    url: (c) => mp(c, "/aliases/champion/withdraw").url,
    params: (c) => ({ ...P(c), alias: "champion" }),
    body: () => ({}),
    note: "own request",
    prepare: (db, c) => pendingAlias(db, c, c.a),
    expected: (c) => status(expectedOutcome(c.a, c.p, "project.read"), c.a === "anonymous" ? 401 : 200),
    perProject: true,
  },
  {
    route: "[owner]/[project]/aliases/[alias]/withdraw",
    method: "POST",
    handler: aliasWithdrawRoute.POST,
    url: (c) => mp(c, "/aliases/champion/withdraw").url,
    params: (c) => ({ ...P(c), alias: "champion" }),
    body: () => ({}),
    note: "the owner's request",
    prepare: (db, c) => pendingAlias(db, c, "owner"),
    expected: (c) => status(expectedOutcome(c.a, c.p, "project.read"), c.a === "anonymous" ? 401 : c.a === "owner" ? 200 : 403),
    perProject: true,
  },
  // webhooks of a model: its admins only
  {
    route: "[owner]/[project]/webhooks",
    method: "GET",
    handler: hooksRoute.GET,
    url: (c) => mp(c, "/webhooks").url,
    params: P,
    expected: needs("webhooks.manage", 200),
    perProject: true,
  },
  {
    route: "[owner]/[project]/webhooks",
    method: "POST",
    handler: hooksRoute.POST,
    url: (c) => mp(c, "/webhooks").url,
    params: P,
    body: () => ({ url: "http://127.0.0.1:9/new", events: ["*"] }),
    expected: needs("webhooks.manage", 201),
    perProject: true,
  },
  {
    route: "[owner]/[project]/webhooks/[id]",
    method: "GET",
    handler: hookRoute.GET,
    url: (c) => mp(c, `/webhooks/${hook[c.p].id}`).url,
    params: (c) => ({ ...P(c), id: hook[c.p].id }),
    expected: needs("webhooks.manage", 200),
    perProject: true,
  },
  {
    route: "[owner]/[project]/webhooks/[id]",
    method: "PATCH",
    handler: hookRoute.PATCH,
    url: (c) => mp(c, `/webhooks/${hook[c.p].id}`).url,
    params: (c) => ({ ...P(c), id: hook[c.p].id }),
    body: () => ({ description: "changed" }),
    expected: needs("webhooks.manage", 200),
    perProject: true,
  },
  {
    route: "[owner]/[project]/webhooks/[id]",
    method: "DELETE",
    handler: hookRoute.DELETE,
    url: (c) => mp(c, `/webhooks/${hook[c.p].id}`).url,
    params: (c) => ({ ...P(c), id: hook[c.p].id }),
    expected: needs("webhooks.manage", 204),
    perProject: true,
  },
  {
    route: "[owner]/[project]/webhooks/[id]/ping",
    method: "POST",
    handler: hookPingRoute.POST,
    url: (c) => mp(c, `/webhooks/${hook[c.p].id}/ping`).url,
    params: (c) => ({ ...P(c), id: hook[c.p].id }),
    expected: needs("webhooks.manage", 202),
    perProject: true,
  },
  {
    route: "[owner]/[project]/webhooks/[id]/deliveries",
    method: "GET",
    handler: hookDeliveriesRoute.GET,
    url: (c) => mp(c, `/webhooks/${hook[c.p].id}/deliveries`).url,
    params: (c) => ({ ...P(c), id: hook[c.p].id }),
    expected: needs("webhooks.manage", 200),
    perProject: true,
  },
  {
    route: "[owner]/[project]/webhooks/[id]/deliveries/[delivery]/redeliver",
    method: "POST",
    handler: hookRedeliverRoute.POST,
    url: (c) => mp(c, `/webhooks/${hook[c.p].id}/deliveries/${hook[c.p].delivery}/redeliver`).url,
    params: (c) => ({ ...P(c), id: hook[c.p].id, delivery: hook[c.p].delivery }),
    expected: needs("webhooks.manage", 202),
    perProject: true,
  },
  // webhooks of the organization: its admins
  {
    route: "orgs/[org]/webhooks",
    method: "GET",
    handler: orgHooksRoute.GET,
    url: () => `/api/v1/orgs/${w.org}/webhooks`,
    params: () => ({ org: w.org }),
    expected: orgNeeds("webhooks.manage", 200),
    perProject: false,
  },
  {
    route: "orgs/[org]/webhooks",
    method: "POST",
    handler: orgHooksRoute.POST,
    url: () => `/api/v1/orgs/${w.org}/webhooks`,
    params: () => ({ org: w.org }),
    body: () => ({ url: "http://127.0.0.1:9/new", events: ["*"] }),
    expected: orgNeeds("webhooks.manage", 201),
    perProject: false,
  },
  {
    route: "orgs/[org]/webhooks/[id]",
    method: "GET",
    handler: orgHookRoute.GET,
    url: () => `/api/v1/orgs/${w.org}/webhooks/${orgHook.id}`,
    params: () => ({ org: w.org, id: orgHook.id }),
    expected: orgNeeds("webhooks.manage", 200),
    perProject: false,
  },
  {
    route: "orgs/[org]/webhooks/[id]",
    method: "PATCH",
    handler: orgHookRoute.PATCH,
    url: () => `/api/v1/orgs/${w.org}/webhooks/${orgHook.id}`,
    params: () => ({ org: w.org, id: orgHook.id }),
    body: () => ({ description: "changed" }),
    expected: orgNeeds("webhooks.manage", 200),
    perProject: false,
  },
  {
    route: "orgs/[org]/webhooks/[id]",
    method: "DELETE",
    handler: orgHookRoute.DELETE,
    url: () => `/api/v1/orgs/${w.org}/webhooks/${orgHook.id}`,
    params: () => ({ org: w.org, id: orgHook.id }),
    expected: orgNeeds("webhooks.manage", 204),
    perProject: false,
  },
  {
    route: "orgs/[org]/webhooks/[id]/ping",
    method: "POST",
    handler: orgHookPingRoute.POST,
    url: () => `/api/v1/orgs/${w.org}/webhooks/${orgHook.id}/ping`,
    params: () => ({ org: w.org, id: orgHook.id }),
    expected: orgNeeds("webhooks.manage", 202),
    perProject: false,
  },
  {
    route: "orgs/[org]/webhooks/[id]/deliveries",
    method: "GET",
    handler: orgHookDeliveriesRoute.GET,
    url: () => `/api/v1/orgs/${w.org}/webhooks/${orgHook.id}/deliveries`,
    params: () => ({ org: w.org, id: orgHook.id }),
    expected: orgNeeds("webhooks.manage", 200),
    perProject: false,
  },
  {
    route: "orgs/[org]/webhooks/[id]/deliveries/[delivery]/redeliver",
    method: "POST",
    handler: orgHookRedeliverRoute.POST,
    url: () => `/api/v1/orgs/${w.org}/webhooks/${orgHook.id}/deliveries/${orgHook.delivery}/redeliver`,
    params: () => ({ org: w.org, id: orgHook.id, delivery: orgHook.delivery }),
    expected: orgNeeds("webhooks.manage", 202),
    perProject: false,
  },
];

/** Public by design (no actor, no data): not in the matrix. auth/token has its own tests (token-api.test.ts). */
const OUT_OF_MATRIX = new Set([
  "health GET",
  "metrics GET",
  "installation GET",
  "compatibility/[key]/[version]/[service] GET",
  "log_handler GET",
  "openapi.json GET",
  "auth/token POST",
  "auth/token DELETE",
  // Everyone may search; what each caller finds is search.test.ts's matrix (every actor × every project kind).
  "search GET",
]);

describe("the matrix covers every route", () => {
  it("has a row for every method of every route file under lib/api/routes/v1, and none for a route that is gone", () => {
    const root = path.join(process.cwd(), "lib", "api", "routes", "v1");
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name === "route.ts") {
          const src = fs.readFileSync(p, "utf8");
          const route = path.relative(root, dir).split(path.sep).join("/");
          // `export const GET = …`, `export async function GET`, and `export const { GET, POST } = …`
          const destructured = [...src.matchAll(/export\s+const\s+\{([^}]*)\}/g)].flatMap((m) => m[1].split(",").map((n) => n.trim()));
          for (const m of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]) {
            if (new RegExp(`export\\s+(async\\s+)?(function|const)\\s+${m}\\b`).test(src) || destructured.includes(m)) found.push(`${route} ${m}`);
          }
        }
      }
    };
    walk(root);
    const covered = new Set([...ROWS.map((r) => `${r.route} ${r.method}`), ...OUT_OF_MATRIX]);
    expect(
      found.filter((r) => !covered.has(r)),
      "routes without a row",
    ).toEqual([]);
    expect(
      [...covered].filter((r) => !found.includes(r)),
      "rows without a route",
    ).toEqual([]);
  });
});

async function call(row: Row, c: Cell, want: number) {
  const token = c.a === "anonymous" ? undefined : tokens[c.a];
  const method = row.method;
  const answer = async () => callRoute(row.handler as never, { method, path: row.url(c), params: row.params(c) as never, token, body: row.body?.(c) });
  // Reads, and writes that must be refused (and need nothing prepared), run on the world itself: a refusal
  // changes nothing, and a handler that wrongly succeeds fails its own cell.
  if (method === "GET" || method === "HEAD" || (want >= 400 && !row.prepare)) {
    useDbForRoutes(t.db);
    return answer();
  }
  let res: Awaited<ReturnType<typeof answer>> | undefined;
  await t.db
    .transaction(async (tx) => {
      useDbForRoutes(tx as unknown as DB);
      await row.prepare?.(tx as unknown as DB, c);
      res = await answer();
      throw new Rollback();
    })
    .catch((e) => {
      if (!(e instanceof Rollback)) throw e;
    });
  useDbForRoutes(t.db);
  // A delete that took the seeded file's rows collected its blob after its (rolled-back) commit: put it back.
  if (res!.status < 300) {
    const store = getBlobStore();
    if (!(await store.exists(FILE_SHA))) await store.put(bytes(FILE_BYTES));
  }
  return res!;
}

const label = (r: Row) => `${r.method} ${r.route}${r.note ? ` (${r.note})` : ""}`;
const projectCells = ACTOR_NAMES.flatMap((a) => PROJECT_NAMES.map((p) => ({ a, p })));
const actorCells = ACTOR_NAMES.map((a) => ({ a, p: "public" as ProjectName }));

for (const row of ROWS) {
  describe(label(row), () => {
    const cells = row.perProject ? projectCells : actorCells;
    it.each(cells.map((c) => [row.perProject ? `${c.a} on ${c.p}` : c.a, c, row.expected(c)] as const))("%s → %s", async (_name, c, want) => {
      const res = await call(row, c, want);
      expect(res.status, res.text.slice(0, 300)).toBe(want);
      if (row.perProject && expectedOutcome(c.a, c.p, "project.read") === 404) {
        // an invisible model's answer says nothing about it
        expect(res.text).not.toContain("the base of");
      }
    });
  });
}

// API tokens have no REST route but auth/token (token-api.test.ts): their registry functions, per actor.
describe("tokens, per actor (the registry: the account page's calls)", () => {
  const attempt = async (fn: (db: DB) => Promise<unknown>) => {
    let out: unknown;
    await t.db
      .transaction(async (tx) => {
        out = await fn(tx as unknown as DB).catch((e) => e);
        throw new Rollback();
      })
      .catch((e) => {
        if (!(e instanceof Rollback)) throw e;
      });
    return out;
  };
  const ownerTokenId = async (db: DB) => (await listTokens(db, w.actors.owner))[0].id;
  it.each(ACTOR_NAMES)("%s: lists only their own tokens; signed out is 401", async (a) => {
    const r = await attempt((db) => listTokens(db, w.actors[a]));
    if (a === "anonymous") return expect(r).toBeInstanceOf(UnauthorizedError);
    expect((r as { name: string }[]).map((x) => x.name)).toEqual(["route matrix"]);
  });
  it.each(ACTOR_NAMES)("%s: creates a token for themselves; signed out is 401", async (a) => {
    const r = await attempt((db) => createToken(db, w.actors[a], { name: "new" }));
    if (a === "anonymous") expect(r).toBeInstanceOf(UnauthorizedError);
    else expect(r).toMatchObject({ info: { name: "new" } });
  });
  it.each(ACTOR_NAMES)("%s: revokes their own token", async (a) => {
    const r = await attempt(async (db) => {
      if (a === "anonymous") return revokeToken(db, w.actors[a], await ownerTokenId(db));
      return revokeToken(db, w.actors[a], (await listTokens(db, w.actors[a]))[0].id);
    });
    if (a === "anonymous") expect(r).toBeInstanceOf(UnauthorizedError);
    else expect(r).toBeUndefined();
  });
  it.each(ACTOR_NAMES.filter((a) => a !== "owner"))("%s: someone else's token (the owner's) is 404, signed out 401", async (a) => {
    const r = await attempt(async (db) => revokeToken(db, w.actors[a], await ownerTokenId(db)));
    expect(r).toBeInstanceOf(a === "anonymous" ? UnauthorizedError : NotFoundError);
    expect(await listTokens(t.db, w.actors.owner)).toHaveLength(1);
  });
});
