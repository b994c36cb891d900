// MLflow's Model Registry REST API, driven over real HTTP (serveRoutesForTest) exactly as MLflow's Python client
// 3.11 sends it (MLFLOW-WIRE.md): GET with query parameters, POST/PATCH/DELETE with JSON bodies, its headers, and
// the shapes and error codes it parses. Runs on PGlite and on PostgreSQL (DATABASE_URL).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { makeOrg, makeUser, PASSWORD } from "@/lib/testing/fixtures";
import { serveRoutesForTest, useDbForRoutes } from "@/lib/api/route-testing";
import type { UserActor } from "@/lib/registry/actor";
import { createRun } from "@/lib/registry/runs";
import { createToken } from "@/lib/registry/tokens";
import {
  EXTRA_RESPONSE_FIELDS,
  MODEL_REGISTRY_ENDPOINTS,
  MODEL_VERSION_FIELDS,
  MODEL_VERSION_SENT,
  REGISTERED_MODEL_FIELDS,
  REGISTERED_MODEL_SENT,
  TRACKING_ENDPOINTS,
} from "./endpoints";
import { updateProject } from "@/lib/registry/projects";
import { and, eq } from "drizzle-orm";
import { activities, organizations, projects, webhookDeliveries } from "@/db/schema";
import { approveStageRequest } from "@/lib/registry/approvals";
import { getStages } from "@/lib/registry/stages";
import { createWebhook } from "@/lib/registry/webhooks";

let t: TestDb;
let server: { url: string; close(): Promise<void> };
let alice: UserActor;
let bob: UserActor;
let aliceToken: string;
let bobToken: string;

let blobs: string;

beforeAll(async () => {
  // Uploaded files go to a temporary blob store, not the worktree's ./data.
  blobs = fs.mkdtempSync(path.join(os.tmpdir(), "modelreg-mlflow-"));
  process.env.MODELREG_DATA_DIR = blobs;
  delete process.env.STORAGE_URL;
  t = await createTestDb();
  useDbForRoutes(t.db);
  server = await serveRoutesForTest();
  alice = await makeUser(t.db, "ml-alice");
  bob = await makeUser(t.db, "ml-bob");
  await makeOrg(t.db, "mlorg", alice);
  aliceToken = (await createToken(t.db, alice, { name: "mlflow" })).token;
  bobToken = (await createToken(t.db, bob, { name: "mlflow" })).token;
});
afterAll(async () => {
  await server?.close();
  await t?.close();
  fs.rmSync(blobs, { recursive: true, force: true });
});

type Opts = { token?: string | null; auth?: string; fields?: Record<string, unknown>; prefix?: string };
// Answers are read field by field as the client would (json.registered_model.name …): loosely typed on purpose.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = { status: number; json: Record<string, any> };

/** One call shaped as MLflow's client sends it: GET fields as query parameters, others as a JSON body. */
async function ml(method: string, endpoint: string, opts: Opts = {}): Promise<Answer> {
  const headers: Record<string, string> = { "user-agent": "mlflow-python-client/3.11.2.dev0", "x-mlflow-client-version": "3.11.2.dev0" };
  const token = opts.token === undefined ? aliceToken : opts.token;
  if (opts.auth) headers.authorization = opts.auth;
  else if (token) headers.authorization = `Bearer ${token}`;
  const url = new URL(`${server.url}${opts.prefix ?? "/api/2.0"}${endpoint}`);
  let body: string | undefined;
  if (method === "GET") {
    for (const [k, v] of Object.entries(opts.fields ?? {})) {
      for (const item of Array.isArray(v) ? v : [v]) url.searchParams.append(k, String(item));
    }
  } else {
    headers["content-type"] = "application/json";
    body = JSON.stringify(opts.fields ?? {});
  }
  const res = await fetch(url, { method, headers, body });
  const text = await res.text();
  let json: Answer["json"] = {};
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = { raw: text };
  }
  if (res.status === 200) (answered[`${method} ${endpoint}`] ??= []).push(json);
  return { status: res.status, json };
}

/** Every 200 answer of this file, by `METHOD endpoint`: the last test checks them against the proto's messages. */
const answered: Record<string, Answer["json"][]> = {};

const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;
const PROMPT = " AND tag.`mlflow.prompt.is_prompt` != 'true'";

describe("registered models", () => {
  it("create answers the RegisteredModel (OWNER.MODEL, ms timestamps, tags); a duplicate is 400 RESOURCE_ALREADY_EXISTS", async () => {
    const before = Date.now();
    const r = await ml("POST", "/mlflow/registered-models/create", {
      fields: { name: "mlorg.fraud", tags: [{ key: "team", value: "risk" }], description: "fraud" },
    });
    expect(r.status).toBe(200);
    const m = r.json.registered_model;
    expect(m).toMatchObject({ name: "mlorg.fraud", description: "fraud", tags: [{ key: "team", value: "risk" }], latest_versions: [], aliases: [] });
    expect(typeof m.creation_timestamp).toBe("number");
    expect(m.creation_timestamp).toBeGreaterThanOrEqual(before - 5000);
    expect(m.last_updated_timestamp).toBeGreaterThanOrEqual(m.creation_timestamp);
    const dup = await ml("POST", "/mlflow/registered-models/create", { fields: { name: "mlorg.fraud" } });
    expect(dup.status).toBe(400);
    expect(dup.json.error_code).toBe("RESOURCE_ALREADY_EXISTS");
    expect(typeof dup.json.message).toBe("string");
  });

  it("get (query parameters) and its 404; the /ajax-api/2.0 twin answers the same", async () => {
    const g = await ml("GET", "/mlflow/registered-models/get", { fields: { name: "mlorg.fraud" } });
    expect(g.status).toBe(200);
    expect(g.json.registered_model.name).toBe("mlorg.fraud");
    const ajax = await ml("GET", "/mlflow/registered-models/get", { fields: { name: "mlorg.fraud" }, prefix: "/ajax-api/2.0" });
    expect(ajax.json).toEqual(g.json);
    const missing = await ml("GET", "/mlflow/registered-models/get", { fields: { name: "mlorg.nope" } });
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ error_code: "RESOURCE_DOES_NOT_EXIST" });
  });

  it("a bare name is the caller's personal organization; with nobody signed in it is INVALID_PARAMETER_VALUE", async () => {
    const r = await ml("POST", "/mlflow/registered-models/create", { fields: { name: "scratch" } });
    expect(r.status).toBe(200);
    expect(r.json.registered_model.name).toBe("ml-alice.scratch");
    expect((await ml("GET", "/mlflow/registered-models/get", { fields: { name: "scratch" } })).json.registered_model.name).toBe("ml-alice.scratch");
    const anon = await ml("GET", "/mlflow/registered-models/get", { fields: { name: "scratch" }, token: null });
    expect(anon.status).toBe(400);
    expect(anon.json.error_code).toBe("INVALID_PARAMETER_VALUE");
  });

  it("update (PATCH) the description, rename inside the organization, delete (DELETE with a JSON body)", async () => {
    await ml("POST", "/mlflow/registered-models/create", { fields: { name: "mlorg.tmp" } });
    const u = await ml("PATCH", "/mlflow/registered-models/update", { fields: { name: "mlorg.tmp", description: "new words" } });
    expect(u.json.registered_model.description).toBe("new words");
    const rn = await ml("POST", "/mlflow/registered-models/rename", { fields: { name: "mlorg.tmp", new_name: "mlorg.tmp2" } });
    expect(rn.status).toBe(200);
    expect(rn.json.registered_model.name).toBe("mlorg.tmp2");
    const across = await ml("POST", "/mlflow/registered-models/rename", { fields: { name: "mlorg.tmp2", new_name: "ml-alice.tmp2" } });
    expect(across.json.error_code).toBe("INVALID_PARAMETER_VALUE");
    const d = await ml("DELETE", "/mlflow/registered-models/delete", { fields: { name: "mlorg.tmp2" } });
    expect(d.status).toBe(200);
    expect(d.json).toEqual({});
    expect((await ml("GET", "/mlflow/registered-models/get", { fields: { name: "mlorg.tmp2" } })).status).toBe(404);
  });

  it("last_updated_timestamp is the newest change to the model or any of its versions (a deletion too); search sorts and filters by it", async () => {
    const pause = () => new Promise((r) => setTimeout(r, 15));
    const model = async (name: string) => (await ml("GET", "/mlflow/registered-models/get", { fields: { name } })).json.registered_model;
    await ml("POST", "/mlflow/registered-models/create", { fields: { name: "mlorg.lu-a" } });
    await pause();
    await ml("POST", "/mlflow/registered-models/create", { fields: { name: "mlorg.lu-b" } });
    const a0 = await model("mlorg.lu-a");
    expect(a0.last_updated_timestamp).toBe(a0.creation_timestamp);
    const newestFirst = async () =>
      (
        await ml("GET", "/mlflow/registered-models/search", { fields: { filter: "name LIKE 'mlorg.lu-%'", order_by: "last_updated_timestamp DESC" } })
      ).json.registered_models.map((m: { name: string }) => m.name);
    expect(await newestFirst()).toEqual(["mlorg.lu-b", "mlorg.lu-a"]);
    const steps: [string, () => Promise<unknown>][] = [
      ["a version registered", () => ml("POST", "/mlflow/model-versions/create", { fields: { name: "mlorg.lu-a", source: "s3://lu" } })],
      ["a version's description", () => ml("PATCH", "/mlflow/model-versions/update", { fields: { name: "mlorg.lu-a", version: "1", description: "x" } })],
      ["a version's stage", () => ml("POST", "/mlflow/model-versions/transition-stage", { fields: { name: "mlorg.lu-a", version: "1", stage: "Staging" } })],
      ["a version's tag", () => ml("POST", "/mlflow/model-versions/set-tag", { fields: { name: "mlorg.lu-a", version: "1", key: "k", value: "v" } })],
      ["the model's tag", () => ml("POST", "/mlflow/registered-models/set-tag", { fields: { name: "mlorg.lu-a", key: "k", value: "v" } })],
      ["a version deleted", () => ml("DELETE", "/mlflow/model-versions/delete", { fields: { name: "mlorg.lu-a", version: "1" } })],
    ];
    let last = a0.last_updated_timestamp;
    for (const [what, step] of steps) {
      await pause();
      await ml("POST", "/mlflow/registered-models/set-tag", { fields: { name: "mlorg.lu-b", key: "touch", value: what } });
      await pause();
      await step();
      const now = (await model("mlorg.lu-a")).last_updated_timestamp;
      expect(now, what).toBeGreaterThan(last);
      last = now;
      expect(await newestFirst(), what).toEqual(["mlorg.lu-a", "mlorg.lu-b"]);
    }
    const after = await ml("GET", "/mlflow/registered-models/search", { fields: { filter: `name LIKE 'mlorg.lu-%' AND last_updated_timestamp >= ${last}` } });
    expect(after.json.registered_models.map((m: { name: string }) => m.name)).toEqual(["mlorg.lu-a"]);
  });

  it("set-tag / delete-tag round-trip and leave Modelreg's plain tags alone", async () => {
    expect((await ml("POST", "/mlflow/registered-models/set-tag", { fields: { name: "mlorg.fraud", key: "owner.team", value: "risk-2" } })).json).toEqual({});
    await ml("POST", "/mlflow/registered-models/set-tag", { fields: { name: "mlorg.fraud", key: "team", value: "fraud" } });
    let m = (await ml("GET", "/mlflow/registered-models/get", { fields: { name: "mlorg.fraud" } })).json.registered_model;
    expect(m.tags).toEqual([
      { key: "owner.team", value: "risk-2" },
      { key: "team", value: "fraud" },
    ]);
    await updateProject(t.db, alice, "mlorg", "fraud", { tags: ["plain"] });
    expect((await ml("DELETE", "/mlflow/registered-models/delete-tag", { fields: { name: "mlorg.fraud", key: "owner.team" } })).status).toBe(200);
    m = (await ml("GET", "/mlflow/registered-models/get", { fields: { name: "mlorg.fraud" } })).json.registered_model;
    expect(m.tags).toEqual([{ key: "team", value: "fraud" }]);
    const bad = await ml("POST", "/mlflow/registered-models/set-tag", { fields: { name: "mlorg.fraud", key: "", value: "x" } });
    expect(bad.json.error_code).toBe("INVALID_PARAMETER_VALUE");
  });
});

describe("model versions", () => {
  it("create answers status READY and version '1' (v1), with source, tags and description; the next is '2'", async () => {
    const r = await ml("POST", "/mlflow/model-versions/create", {
      fields: { name: "mlorg.fraud", source: "s3://bucket/path", tags: [{ key: "validated", value: "false" }], description: "v1" },
    });
    expect(r.status).toBe(200);
    expect(r.json.model_version).toMatchObject({
      name: "mlorg.fraud",
      version: "1",
      current_stage: "None",
      description: "v1",
      source: "s3://bucket/path",
      run_id: "",
      run_link: "",
      status: "READY",
      status_message: "",
      user_id: "ml-alice",
      tags: [{ key: "validated", value: "false" }],
      aliases: [],
    });
    expect(typeof r.json.model_version.creation_timestamp).toBe("number");
    const two = await ml("POST", "/mlflow/model-versions/create", { fields: { name: "mlorg.fraud", source: "s3://bucket/path2" } });
    expect(two.json.model_version.version).toBe("2");
  });

  it("get by number; unknown version 404; update (PATCH) the description", async () => {
    const g = await ml("GET", "/mlflow/model-versions/get", { fields: { name: "mlorg.fraud", version: "1" } });
    expect(g.json.model_version.source).toBe("s3://bucket/path");
    expect((await ml("GET", "/mlflow/model-versions/get", { fields: { name: "mlorg.fraud", version: "99" } })).json.error_code).toBe("RESOURCE_DOES_NOT_EXIST");
    const u = await ml("PATCH", "/mlflow/model-versions/update", { fields: { name: "mlorg.fraud", version: "2", description: "second" } });
    expect(u.json.model_version).toMatchObject({ version: "2", description: "second" });
  });

  it("set-tag / delete-tag on a version", async () => {
    expect(
      (await ml("POST", "/mlflow/model-versions/set-tag", { fields: { name: "mlorg.fraud", version: "1", key: "validated", value: "true" } })).json,
    ).toEqual({});
    let v = (await ml("GET", "/mlflow/model-versions/get", { fields: { name: "mlorg.fraud", version: "1" } })).json.model_version;
    expect(v.tags).toEqual([{ key: "validated", value: "true" }]);
    await ml("POST", "/mlflow/model-versions/set-tag", { fields: { name: "mlorg.fraud", version: "1", key: "tmp", value: "x" } });
    await ml("DELETE", "/mlflow/model-versions/delete-tag", { fields: { name: "mlorg.fraud", version: "1", key: "tmp" } });
    v = (await ml("GET", "/mlflow/model-versions/get", { fields: { name: "mlorg.fraud", version: "1" } })).json.model_version;
    expect(v.tags).toEqual([{ key: "validated", value: "true" }]);
  });

  it("transition-stage maps stages both ways; archive_existing_versions archives the other holders; get-latest-versions per stage", async () => {
    const s1 = await ml("POST", "/mlflow/model-versions/transition-stage", {
      fields: { name: "mlorg.fraud", version: "1", stage: "Production", archive_existing_versions: false },
    });
    expect(s1.status).toBe(200);
    expect(s1.json.model_version.current_stage).toBe("Production");
    const s2 = await ml("POST", "/mlflow/model-versions/transition-stage", {
      fields: { name: "mlorg.fraud", version: "2", stage: "production", archive_existing_versions: true },
    });
    expect(s2.json.model_version.current_stage).toBe("Production");
    // Archived (disabled), as MLflow's archive_existing_versions — whatever the model's exclusive-stage fallback.
    const one = await ml("GET", "/mlflow/model-versions/get", { fields: { name: "mlorg.fraud", version: "1" } });
    expect(one.json.model_version.current_stage).toBe("Archived");
    const a = await ml("POST", "/mlflow/model-versions/transition-stage", {
      fields: { name: "mlorg.fraud", version: "1", stage: "Archived", archive_existing_versions: false },
    });
    expect(a.json.model_version.current_stage).toBe("Archived");
    const latest = await ml("POST", "/mlflow/registered-models/get-latest-versions", { fields: { name: "mlorg.fraud", stages: ["Production"] } });
    expect(latest.json.model_versions.map((v: { version: string }) => v.version)).toEqual(["2"]);
    const get = await ml("GET", "/mlflow/registered-models/get-latest-versions", { fields: { name: "mlorg.fraud", stages: ["Archived"] } });
    expect(get.json.model_versions.map((v: { version: string }) => v.version)).toEqual(["1"]);
    const all = await ml("POST", "/mlflow/registered-models/get-latest-versions", { fields: { name: "mlorg.fraud" } });
    expect(all.json.model_versions.map((v: { current_stage: string }) => v.current_stage).sort()).toEqual(["Archived", "Production"]);
    const m = (await ml("GET", "/mlflow/registered-models/get", { fields: { name: "mlorg.fraud" } })).json.registered_model;
    expect(m.latest_versions).toHaveLength(2);
    const bad = await ml("POST", "/mlflow/model-versions/transition-stage", { fields: { name: "mlorg.fraud", version: "1", stage: "Shipped" } });
    expect(bad.status).toBe(400);
    expect(bad.json.error_code).toBe("INVALID_PARAMETER_VALUE");
  });

  it("on a model that requires approval, a member's move to Production is a request: the answer adds pending, the version stays", async () => {
    const carl = await makeUser(t.db, "ml-carl");
    const { addMember } = await import("@/lib/testing/fixtures");
    const { organizations } = await import("@/db/schema");
    const { eq } = await import("drizzle-orm");
    const [org] = await t.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, "mlorg"));
    await addMember(t.db, org.id, carl, "member");
    const carlToken = (await createToken(t.db, carl, { name: "mlflow" })).token;
    await ml("POST", "/mlflow/registered-models/create", { fields: { name: "mlorg.gated" } });
    await updateProject(t.db, alice, "mlorg", "gated", { settings: { requireApproval: true } });
    await ml("POST", "/mlflow/model-versions/create", { fields: { name: "mlorg.gated", source: "s3://g" }, token: carlToken });
    const r = await ml("POST", "/mlflow/model-versions/transition-stage", {
      fields: { name: "mlorg.gated", version: "1", stage: "Production", archive_existing_versions: false },
      token: carlToken,
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ pending: true, model_version: { version: "1", current_stage: "None" } });
    const again = await ml("POST", "/mlflow/model-versions/transition-stage", {
      fields: { name: "mlorg.gated", version: "1", stage: "Production" },
      token: carlToken,
    });
    expect(again.json.error_code).toBe("INVALID_STATE");
  });

  it("archive_existing_versions=true archives every other version of the stage as a stage change of its own: history, activity, webhook events, one transaction", async () => {
    process.env.MODELREG_WEBHOOK_ALLOW = "127.0.0.0/8";
    await ml("POST", "/mlflow/registered-models/create", { fields: { name: "mlorg.arch" } });
    for (let i = 0; i < 4; i++) await ml("POST", "/mlflow/model-versions/create", { fields: { name: "mlorg.arch", source: `s3://a/${i}` } });
    const to = (version: string, stage: string, archive: boolean, token?: string) =>
      ml("POST", "/mlflow/model-versions/transition-stage", { fields: { name: "mlorg.arch", version, stage, archive_existing_versions: archive }, token });
    const stageOfV = async (version: string) =>
      (await ml("GET", "/mlflow/model-versions/get", { fields: { name: "mlorg.arch", version } })).json.model_version.current_stage;
    await to("1", "Staging", false);
    await to("2", "Staging", false);
    const { webhook } = await createWebhook(t.db, alice, { owner: "mlorg", project: "arch" }, { url: "http://127.0.0.1:9/hook", events: ["*"] });
    const r = await to("3", "Staging", true);
    expect(r.status).toBe(200);
    expect(r.json.model_version.current_stage).toBe("Staging");
    expect([await stageOfV("1"), await stageOfV("2"), await stageOfV("4")]).toEqual(["Archived", "Archived", "None"]);
    for (const v of ["v1", "v2"]) {
      const h = (await getStages(t.db, alice, "mlorg", "arch", "model", v)).stage_conditions.at(-1)!;
      expect(h).toMatchObject({ type: "disabled", status: "True", reason: "Replaced by v3", meta_info: { from_stage: "staging", replaced_by: "v3" } });
    }
    const acts = await t.db
      .select({ target: activities.target, details: activities.details })
      .from(activities)
      .where(
        and(
          eq(activities.verb, "version.stage_changed"),
          eq(activities.projectId, (await t.db.select({ id: projects.id }).from(projects).where(eq(projects.name, "arch")))[0].id),
        ),
      );
    expect(
      acts
        .filter((a) => a.details.to === "disabled")
        .map((a) => a.target)
        .sort(),
    ).toEqual(["v1", "v2"]);
    // one webhook event per version moved: the two archived and v3
    const events = await t.db.select({ payload: webhookDeliveries.payload }).from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, webhook.id));
    expect(events).toHaveLength(3);
    expect(JSON.stringify(events)).toContain("v1");
    // As in MLflow, only a transition to Staging or Production archives the others.
    const bad = await to("4", "Archived", true);
    expect([bad.status, bad.json.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    expect(await stageOfV("4")).toBe("None");
    // The archiving is a stage change under the model's rules: when Archived is protected, a member may not archive
    // v3 by moving v4 in — and nothing moves (one transaction); on a model that requires approval it becomes the
    // request, and approving it archives v3.
    const dora = await makeUser(t.db, "ml-dora");
    const { addMember } = await import("@/lib/testing/fixtures");
    const [org] = await t.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, "mlorg"));
    await addMember(t.db, org.id, dora, "member");
    const doraToken = (await createToken(t.db, dora, { name: "mlflow" })).token;
    await updateProject(t.db, alice, "mlorg", "arch", { settings: { protectedStages: ["production", "disabled"] } });
    const refused = await to("4", "Staging", true, doraToken);
    expect([refused.status, refused.json.error_code]).toEqual([403, "PERMISSION_DENIED"]);
    expect([await stageOfV("3"), await stageOfV("4")]).toEqual(["Staging", "None"]);
    await updateProject(t.db, alice, "mlorg", "arch", { settings: { protectedStages: ["production", "disabled"], requireApproval: true } });
    const asked = await to("4", "Staging", true, doraToken);
    expect(asked.json).toMatchObject({ pending: true, model_version: { current_stage: "None" } });
    expect(await stageOfV("3")).toBe("Staging");
    await approveStageRequest(t.db, alice, "mlorg", "arch", "model", "v4");
    expect([await stageOfV("3"), await stageOfV("4")]).toEqual(["Archived", "Staging"]);
    // without archiving, the same kind of move is hers to make
    const plain = await ml("POST", "/mlflow/model-versions/create", { fields: { name: "mlorg.arch", source: "s3://a/5" }, token: doraToken });
    expect(plain.status).toBe(200);
    expect((await to("5", "Staging", false, doraToken)).json.model_version.current_stage).toBe("Staging");
  });

  it("aliases: POST sets, GET answers the version with its aliases, DELETE removes", async () => {
    expect((await ml("POST", "/mlflow/registered-models/alias", { fields: { name: "mlorg.fraud", alias: "champion", version: "2" } })).json).toEqual({});
    const g = await ml("GET", "/mlflow/registered-models/alias", { fields: { name: "mlorg.fraud", alias: "champion" } });
    expect(g.json.model_version).toMatchObject({ version: "2", aliases: ["champion"] });
    const m = (await ml("GET", "/mlflow/registered-models/get", { fields: { name: "mlorg.fraud" } })).json.registered_model;
    expect(m.aliases).toEqual([{ alias: "champion", version: "2" }]);
    expect((await ml("DELETE", "/mlflow/registered-models/alias", { fields: { name: "mlorg.fraud", alias: "champion" } })).status).toBe(200);
    expect((await ml("GET", "/mlflow/registered-models/alias", { fields: { name: "mlorg.fraud", alias: "champion" } })).json.error_code).toBe(
      "RESOURCE_DOES_NOT_EXIST",
    );
    await ml("POST", "/mlflow/registered-models/alias", { fields: { name: "mlorg.fraud", alias: "champion", version: "2" } });
  });

  it("get-download-uri names the artifact proxy; files uploaded through it list and download", async () => {
    const u = await ml("GET", "/mlflow/model-versions/get-download-uri", { fields: { name: "mlorg.fraud", version: "1" } });
    expect(u.json).toEqual({ artifact_uri: "mlflow-artifacts:/modelreg/mlorg/fraud/v1" });
    const base = `${server.url}/api/2.0/mlflow-artifacts/artifacts/modelreg/mlorg/fraud/v1`;
    const auth = { authorization: `Bearer ${aliceToken}` };
    expect((await fetch(`${base}/MLmodel`, { method: "PUT", headers: auth, body: "flavors: {}\n" })).status).toBe(200);
    expect((await fetch(`${base}/data/model.pkl`, { method: "PUT", headers: auth, body: "0123456789" })).status).toBe(200);
    const list = await ml("GET", "/mlflow-artifacts/artifacts", { fields: { path: "modelreg/mlorg/fraud/v1" } });
    expect(list.json).toEqual({
      files: [
        { path: "MLmodel", is_dir: false, file_size: 12 },
        { path: "data", is_dir: true },
      ],
    });
    const sub = await ml("GET", "/mlflow-artifacts/artifacts", { fields: { path: "modelreg/mlorg/fraud/v1/data" } });
    expect(sub.json).toEqual({ files: [{ path: "model.pkl", is_dir: false, file_size: 10 }] });
    const dl = await fetch(`${base}/data/model.pkl`, { headers: auth });
    expect(dl.status).toBe(200);
    expect(await dl.text()).toBe("0123456789");
    // A version in a protected stage (v2 is in Production) keeps its files: MLflow's INVALID_STATE.
    const locked = await fetch(`${server.url}/api/2.0/mlflow-artifacts/artifacts/modelreg/mlorg/fraud/v2/MLmodel`, { method: "PUT", headers: auth, body: "x" });
    expect(locked.status).toBe(400);
    expect((await locked.json()).error_code).toBe("INVALID_STATE");
    const nobody = await fetch(`${base}/MLmodel`);
    expect(nobody.status).toBe(404);
    const trick = await fetch(`${base}/..%2f..%2fv2%2fMLmodel`, { headers: auth });
    expect(trick.status).toBe(400);
    expect((await trick.json()).error_code).toBe("INVALID_PARAMETER_VALUE");
    const elsewhere = await ml("GET", "/mlflow-artifacts/artifacts", { fields: { path: "0/abc/artifacts/model" } });
    expect(elsewhere.json.error_code).toBe("RESOURCE_DOES_NOT_EXIST");
  });

  it("delete (DELETE with a JSON body)", async () => {
    await ml("POST", "/mlflow/model-versions/create", { fields: { name: "mlorg.fraud", source: "s3://x" } });
    const d = await ml("DELETE", "/mlflow/model-versions/delete", { fields: { name: "mlorg.fraud", version: "3" } });
    expect(d.status).toBe(200);
    expect((await ml("GET", "/mlflow/model-versions/get", { fields: { name: "mlorg.fraud", version: "3" } })).status).toBe(404);
  });
});

describe("runs", () => {
  it("runs/get answers a Modelreg run, and a version registered with its run_id links to it; other ids are 404", async () => {
    await ml("POST", "/mlflow/registered-models/create", { fields: { name: "mlorg.withrun" } });
    const { run } = await createRun(t.db, alice, "mlorg", "withrun", { name: "train-1", inputs: { lr: 0.1 }, outputs: { auc: 0.9 }, status: "succeeded" });
    const g = await ml("GET", "/mlflow/runs/get", { fields: { run_uuid: run.uuid, run_id: run.uuid } });
    expect(g.status).toBe(200);
    expect(g.json.run.info).toMatchObject({ run_id: run.uuid, status: "FINISHED", lifecycle_stage: "active", experiment_id: "0" });
    expect(g.json.run.data.params).toEqual([{ key: "lr", value: "0.1" }]);
    const mv = await ml("POST", "/mlflow/model-versions/create", { fields: { name: "mlorg.withrun", source: `runs:/${run.uuid}/model`, run_id: run.uuid } });
    expect(mv.json.model_version.run_id).toBe(run.uuid);
    expect(mv.json.model_version.run_link).toBe(`${server.url}/mlorg/withrun/runs/${run.uuid}`);
    const other = await ml("GET", "/mlflow/runs/get", { fields: { run_id: "0123456789abcdef0123456789abcdef" } });
    expect(other.status).toBe(404);
    expect(other.json.error_code).toBe("RESOURCE_DOES_NOT_EXIST");
    const ext = await ml("POST", "/mlflow/model-versions/create", {
      fields: { name: "mlorg.withrun", source: "s3://y", run_id: "abc123", run_link: "https://mlflow.example/runs/abc123" },
    });
    expect(ext.json.model_version).toMatchObject({ run_id: "abc123", run_link: "https://mlflow.example/runs/abc123" });
  });
});

describe("mlflow.register_model('runs:/<run>/model', …), call by call as the client makes it", () => {
  it("create (an existing name is tolerated), runs/get, the run's artifact listing, then model-versions/create linked to the run", async () => {
    await ml("POST", "/mlflow/registered-models/create", { fields: { name: "mlorg.fromrun" } });
    const { run } = await createRun(t.db, alice, "mlorg", "fromrun", { name: "train", artifacts: [{ name: "model", kind: "model", path: "model" }] });
    const again = await ml("POST", "/mlflow/registered-models/create", { fields: { name: "mlorg.fromrun" } });
    expect(again.json.error_code).toBe("RESOURCE_ALREADY_EXISTS");
    const got = await ml("GET", "/mlflow/runs/get", { fields: { run_uuid: run.uuid, run_id: run.uuid } });
    const root = String(got.json.run.info.artifact_uri);
    expect(root).toBe(`mlflow-artifacts:/modelreg-runs/mlorg/fromrun/${run.uuid}/artifacts`);
    const listed = await ml("GET", "/mlflow-artifacts/artifacts", { fields: { path: `${root.slice("mlflow-artifacts:/".length)}/model` } });
    expect(listed.json).toEqual({ files: [{ path: "model", is_dir: false }] });
    expect((await ml("GET", "/mlflow-artifacts/artifacts", { fields: { path: `${root.slice("mlflow-artifacts:/".length)}/nothing` } })).json).toEqual({});
    const mv = await ml("POST", "/mlflow/model-versions/create", { fields: { name: "mlorg.fromrun", source: `${root}/model`, run_id: run.uuid } });
    expect(mv.json.model_version).toMatchObject({ version: "1", status: "READY", run_id: run.uuid, source: `${root}/model` });
    // Nobody outside the model learns of the run.
    const outsider = await ml("GET", "/mlflow-artifacts/artifacts", { fields: { path: `${root.slice("mlflow-artifacts:/".length)}/model` }, token: bobToken });
    expect(outsider.json.error_code).toBe("RESOURCE_DOES_NOT_EXIST");
    expect((await ml("GET", "/mlflow/runs/get", { fields: { run_id: run.uuid }, token: bobToken })).json.error_code).toBe("RESOURCE_DOES_NOT_EXIST");
  });
});

describe("search", () => {
  it("registered-models/search with the client's prompt clause, LIKE, tags, order_by, max_results and page_token", async () => {
    for (const n of ["s-a", "s-b", "s-c"])
      await ml("POST", "/mlflow/registered-models/create", { fields: { name: `mlorg.${n}`, tags: [{ key: "grp", value: n === "s-b" ? "odd" : "even" }] } });
    await ml("POST", "/mlflow/registered-models/set-tag", { fields: { name: "mlorg.s-c", key: "mlflow.prompt.is_prompt", value: "true" } });
    const like = await ml("GET", "/mlflow/registered-models/search", { fields: { filter: `name LIKE 'mlorg.s-%'${PROMPT}`, max_results: 100 } });
    expect(like.status).toBe(200);
    expect(like.json.registered_models.map((m: { name: string }) => m.name)).toEqual(["mlorg.s-a", "mlorg.s-b"]);
    const onlyPrompt = await ml("GET", "/mlflow/registered-models/search", { fields: { filter: PROMPT.slice(5), max_results: 100 } });
    expect(onlyPrompt.json.registered_models.map((m: { name: string }) => m.name)).not.toContain("mlorg.s-c");
    const tag = await ml("GET", "/mlflow/registered-models/search", { fields: { filter: `tags.grp = 'even'${PROMPT}` } });
    expect(tag.json.registered_models.map((m: { name: string }) => m.name)).toEqual(["mlorg.s-a"]);
    const desc = await ml("GET", "/mlflow/registered-models/search", { fields: { filter: "name ILIKE 'MLORG.S-%'", order_by: ["name DESC"], max_results: 2 } });
    expect(desc.json.registered_models.map((m: { name: string }) => m.name)).toEqual(["mlorg.s-c", "mlorg.s-b"]);
    expect(typeof desc.json.next_page_token).toBe("string");
    const next = await ml("GET", "/mlflow/registered-models/search", {
      fields: { filter: "name ILIKE 'MLORG.S-%'", order_by: ["name DESC"], max_results: 2, page_token: desc.json.next_page_token },
    });
    expect(next.json.registered_models.map((m: { name: string }) => m.name)).toEqual(["mlorg.s-a"]);
    expect(next.json.next_page_token).toBeUndefined();
    const bare = await ml("GET", "/mlflow/registered-models/search", { fields: { filter: `name = 'scratch'${PROMPT}` } });
    expect(bare.json.registered_models.map((m: { name: string }) => m.name)).toEqual(["ml-alice.scratch"]);
  });

  it("model-versions/search: name =, version_number >, tags, run_id, source_path, order_by, page tokens", async () => {
    const names = async (filter: string, extra: Record<string, unknown> = {}) => {
      const r = await ml("GET", "/mlflow/model-versions/search", { fields: { filter, max_results: 10000, ...extra } });
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      return r.json.model_versions.map((v: { name: string; version: string }) => `${v.name}/${v.version}`);
    };
    expect(await names("name='mlorg.fraud'")).toEqual(["mlorg.fraud/2", "mlorg.fraud/1"]);
    expect(await names("name = 'mlorg.fraud' AND version_number > 1")).toEqual(["mlorg.fraud/2"]);
    expect(await names("name = 'mlorg.fraud' AND tags.validated = 'true'")).toEqual(["mlorg.fraud/1"]);
    expect(await names("tags.`validated` = 'true'")).toEqual(["mlorg.fraud/1"]);
    expect(await names("name = 'mlorg.fraud' AND tags.validated != 'true'")).toEqual(["mlorg.fraud/2"]);
    expect(await names("source_path = 's3://bucket/path2'")).toEqual(["mlorg.fraud/2"]);
    expect(await names("run_id = 'abc123'")).toEqual(["mlorg.withrun/2"]);
    expect(await names("name LIKE 'mlorg.fra%'")).toEqual(["mlorg.fraud/2", "mlorg.fraud/1"]);
    expect(await names("name = 'mlorg.fraud'", { order_by: ["version_number ASC"] })).toEqual(["mlorg.fraud/1", "mlorg.fraud/2"]);
    const page = await ml("GET", "/mlflow/model-versions/search", { fields: { filter: "name='mlorg.fraud'", max_results: 1 } });
    expect(page.json.model_versions).toHaveLength(1);
    const rest = await ml("GET", "/mlflow/model-versions/search", {
      fields: { filter: "name='mlorg.fraud'", max_results: 1, page_token: page.json.next_page_token },
    });
    expect(rest.json.model_versions[0].version).toBe("1");
    expect(await names("name = 'mlorg.nothing'")).toEqual([]);
    // Within one model (the planner's path) other conditions on the name still apply.
    expect(await names("name = 'mlorg.fraud' AND name LIKE 'mlorg.%'")).toEqual(["mlorg.fraud/2", "mlorg.fraud/1"]);
    expect(await names("name = 'mlorg.fraud' AND name != 'mlorg.fraud'")).toEqual([]);
    expect(await names("name IN ('mlorg.fraud', 'mlorg.nothing') AND version_number = 2")).toEqual(["mlorg.fraud/2"]);
  });

  it("bad filters, sorts and tokens are 400 INVALID_PARAMETER_VALUE, never a 500", async () => {
    for (const [endpoint, fields] of [
      ["/mlflow/model-versions/search", { filter: "colour = 'red'" }],
      ["/mlflow/model-versions/search", { filter: "name = 'x' OR name = 'y'" }],
      ["/mlflow/model-versions/search", { filter: "name = 'unterminated" }],
      ["/mlflow/model-versions/search", { filter: "version_number > 'abc'" }],
      ["/mlflow/model-versions/search", { filter: "name='mlorg.fraud'", order_by: ["colour DESC"] }],
      ["/mlflow/model-versions/search", { filter: "name='mlorg.nothing' AND colour = 'red'" }],
      ["/mlflow/model-versions/search", { filter: "name='mlorg.nothing'", order_by: ["colour"] }],
      ["/mlflow/model-versions/search", { page_token: "garbage" }],
      ["/mlflow/model-versions/search", { max_results: 0 }],
      ["/mlflow/registered-models/search", { filter: "run_id = 'x'" }],
      ["/mlflow/registered-models/search", { max_results: 5000 }],
    ] as const) {
      const r = await ml("GET", endpoint, { fields });
      expect(r.status, `${endpoint} ${JSON.stringify(fields)}`).toBe(400);
      expect(r.json.error_code).toBe("INVALID_PARAMETER_VALUE");
    }
  });
});

describe("auth", () => {
  it("Bearer, Basic with a token, Basic with the account password; wrong ones are 401 UNAUTHENTICATED", async () => {
    const q = { fields: { name: "mlorg.fraud" } };
    expect((await ml("GET", "/mlflow/registered-models/get", { ...q, auth: basic("ml-alice", aliceToken) })).status).toBe(200);
    expect((await ml("GET", "/mlflow/registered-models/get", { ...q, auth: basic("ml-alice@example.test", aliceToken) })).status).toBe(200);
    expect((await ml("GET", "/mlflow/registered-models/get", { ...q, auth: basic("ml-alice", PASSWORD) })).status).toBe(200);
    for (const auth of [basic("ml-alice", "wrong-password"), basic("ml-bob", aliceToken), "Basic !!!", `Bearer mr_nope`, basic("ml-alice", "")]) {
      const r = await ml("GET", "/mlflow/registered-models/get", { ...q, auth });
      expect(r.status, auth).toBe(401);
      expect(r.json.error_code).toBe("UNAUTHENTICATED");
    }
  });

  it("Basic with the account password is under the sign-in rate limits: past them, 429 REQUEST_LIMIT_EXCEEDED", async () => {
    await makeUser(t.db, "ml-carol");
    const q = { fields: { name: "mlorg.fraud" } };
    for (let i = 0; i < 10; i++) expect((await ml("GET", "/mlflow/registered-models/get", { ...q, auth: basic("ml-carol", `wrong-${i}`) })).status).toBe(401);
    const limited = await ml("GET", "/mlflow/registered-models/get", { ...q, auth: basic("ml-carol", PASSWORD) });
    expect(limited.status).toBe(429);
    expect(limited.json.error_code).toBe("REQUEST_LIMIT_EXCEEDED");
  });

  it("a private model is RESOURCE_DOES_NOT_EXIST to an outsider and to nobody; writes by nobody on a public one are 401", async () => {
    expect((await ml("GET", "/mlflow/registered-models/get", { fields: { name: "mlorg.fraud" }, token: bobToken })).json.error_code).toBe(
      "RESOURCE_DOES_NOT_EXIST",
    );
    expect((await ml("GET", "/mlflow/registered-models/get", { fields: { name: "mlorg.fraud" }, token: null })).json.error_code).toBe(
      "RESOURCE_DOES_NOT_EXIST",
    );
    await updateProject(t.db, alice, "mlorg", "s-a", { is_public: true });
    expect((await ml("GET", "/mlflow/registered-models/get", { fields: { name: "mlorg.s-a" }, token: null })).status).toBe(200);
    const w = await ml("POST", "/mlflow/model-versions/create", { fields: { name: "mlorg.s-a", source: "x" }, token: null });
    expect(w.status).toBe(401);
    expect(w.json.error_code).toBe("UNAUTHENTICATED");
    const outsider = await ml("POST", "/mlflow/model-versions/create", { fields: { name: "mlorg.s-a", source: "x" }, token: bobToken });
    expect(outsider.status).toBe(403);
    expect(outsider.json.error_code).toBe("PERMISSION_DENIED");
    const search = await ml("GET", "/mlflow/registered-models/search", { fields: { filter: "name LIKE 'mlorg.%'" }, token: bobToken });
    expect(search.json.registered_models.map((m: { name: string }) => m.name)).toEqual(["mlorg.s-a"]);
  });
});

describe("protocol edges", () => {
  it("every endpoint answers odd input with MLflow's 4xx shape, never a 500", async () => {
    const odd: Record<string, unknown>[] = [
      {},
      { name: 5, version: 1.5 },
      { name: "mlorg.fraud\u0000", version: "1" },
      { name: "mlorg.fraud", version: {}, stage: [], tags: "x", key: null, value: 7, alias: "", filter: "(", max_results: "x", page_token: 3, stages: [1] },
      { name: "mlorg.fraud", version: "1", alias: "Bad Alias!", key: "k".repeat(300), description: { a: 1 }, new_name: "" },
      { name: "x".repeat(5000), version: "9".repeat(20), run_id: "r".repeat(500), source: "s".repeat(3000) },
      { name: "\ud800", filter: "tags.`k` = 'v' AND name LIKE 'a", order_by: "name SIDEWAYS" },
    ];
    const problems: string[] = [];
    for (const e of [...MODEL_REGISTRY_ENDPOINTS, ...TRACKING_ENDPOINTS]) {
      for (const fields of odd) {
        // Not deleting the model the other calls look into.
        if (e.path === "/mlflow/registered-models/delete" && fields.name === "mlorg.fraud") continue;
        const r = await ml(e.method, e.path, { fields });
        if (r.status >= 500 || (r.status >= 400 && typeof r.json.error_code !== "string"))
          problems.push(`${e.method} ${e.path} ${JSON.stringify(fields).slice(0, 80)} → ${r.status} ${JSON.stringify(r.json).slice(0, 120)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("an unknown MLflow endpoint is 404 ENDPOINT_NOT_FOUND; a body that is not JSON is 400", async () => {
    const r = await ml("GET", "/mlflow/experiments/list");
    expect(r.status).toBe(404);
    expect(r.json.error_code).toBe("ENDPOINT_NOT_FOUND");
    const res = await fetch(`${server.url}/api/2.0/mlflow/registered-models/create`, {
      method: "POST",
      headers: { authorization: `Bearer ${aliceToken}`, "content-type": "application/json" },
      body: "{nope",
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error_code).toBe("INVALID_PARAMETER_VALUE");
    const missing = await ml("POST", "/mlflow/model-versions/create", { fields: { source: "x" } });
    expect(missing.json.error_code).toBe("INVALID_PARAMETER_VALUE");
  });
});

describe("every answer is the proto's message", () => {
  it("each registry endpoint answered 200 here at least once, with only its Response fields, RegisteredModel and ModelVersion as in the proto", () => {
    const problems: string[] = [];
    const keysOf = (o: unknown) => (o && typeof o === "object" ? Object.keys(o) : []);
    const checkVersion = (v: unknown, where: string) => {
      for (const k of keysOf(v)) if (!(MODEL_VERSION_FIELDS as readonly string[]).includes(k)) problems.push(`${where}: ModelVersion has no field ${k}`);
      for (const k of MODEL_VERSION_SENT) if (!keysOf(v).includes(k)) problems.push(`${where}: ModelVersion lacks ${k}`);
      const mv = v as { version: unknown; creation_timestamp: unknown; status: unknown; current_stage: unknown; tags: unknown; aliases: unknown };
      if (typeof mv.version !== "string") problems.push(`${where}: version is not a string`);
      if (typeof mv.creation_timestamp !== "number") problems.push(`${where}: creation_timestamp is not a number (ms)`);
      if (mv.status !== "READY") problems.push(`${where}: status is not READY`);
      if (!["None", "Staging", "Production", "Archived"].includes(String(mv.current_stage)))
        problems.push(`${where}: current_stage ${String(mv.current_stage)}`);
      if (!Array.isArray(mv.tags) || !Array.isArray(mv.aliases)) problems.push(`${where}: tags/aliases are not lists`);
    };
    const checkModel = (m: unknown, where: string) => {
      for (const k of keysOf(m)) if (!(REGISTERED_MODEL_FIELDS as readonly string[]).includes(k)) problems.push(`${where}: RegisteredModel has no field ${k}`);
      for (const k of REGISTERED_MODEL_SENT) if (!keysOf(m).includes(k)) problems.push(`${where}: RegisteredModel lacks ${k}`);
      for (const v of (m as { latest_versions?: unknown[] }).latest_versions ?? []) checkVersion(v, `${where}.latest_versions`);
    };
    for (const e of [...MODEL_REGISTRY_ENDPOINTS, ...TRACKING_ENDPOINTS]) {
      const key = `${e.method} ${e.path}`;
      const answers = answered[key] ?? [];
      if (!answers.length) problems.push(`${key}: never answered 200 in these tests`);
      for (const a of answers) {
        for (const k of Object.keys(a)) {
          if (![...(e.response ?? []), ...EXTRA_RESPONSE_FIELDS].includes(k)) problems.push(`${key}: the Response has no field ${k}`);
        }
        if (a.registered_model) checkModel(a.registered_model, key);
        for (const m of a.registered_models ?? []) checkModel(m, key);
        if (a.model_version) checkVersion(a.model_version, key);
        for (const v of a.model_versions ?? []) checkVersion(v, key);
      }
    }
    expect(problems).toEqual([]);
  });
});
