// Replays, in order, every call Polyaxon's own CLI (v2.16) makes for the model registry
// (../shared/POLYAXON-WIRE.md), with its headers and bodies, and validates each answer with schemas
// as strict as the CLI's: unknown keys rejected where the CLI rejects them.
import { expect, test, type APIRequestContext } from "./fixtures";
import { z } from "zod";
import { DEMO_PASSWORD, unique } from "./helpers";

const PLX_HEADERS = {
  Accept: "application/json",
  "User-Agent": "OpenAPI-Generator/2.16.4/python",
  "X-POLYAXON-SERVICE": "2.16.4",
};

const uuid = z.string().regex(/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i);
const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d{2}-\d{2}T/.test(s), "ISO 8601");
const stage = z.enum(["testing", "staging", "production", "disabled"]);

const installation = z.looseObject({
  key: z.string(),
  version: z.string(),
  dist: z.string().refine((d) => !["ce", "local", "sandbox", ""].includes(d), "dist refused by the CLI"),
  host: z.string().optional(),
  auth: z.array(z.string()).nullish(),
});
const versionRange = z.strictObject({ min: z.string().nullish(), latest: z.string().nullish() });
const compatibility = z.strictObject({
  cli: versionRange.optional(),
  platform: versionRange.optional(),
  agent: versionRange.optional(),
  ui: versionRange.optional(),
});
const user = z.looseObject({
  username: z.string(),
  email: z.string(),
  name: z.string().nullish(),
  kind: z.literal("user"),
  organization: z.string(),
});
const project = z.looseObject({
  uuid,
  owner: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
  readme: z.string().nullish(),
  is_public: z.boolean(),
  created_at: isoDate,
  updated_at: isoDate,
  live_state: z.number().int().nullish(),
  excluded_features: z.array(z.string()).nullish(),
  settings: z.record(z.string(), z.unknown()).nullish(),
  role: z.string().nullish(),
  contributors: z.array(z.unknown()).nullish(),
});
const condition = z.strictObject({
  type: stage,
  status: z.union([z.string(), z.boolean()]),
  reason: z.string().nullish(),
  message: z.string().nullish(),
  last_update_time: isoDate,
  last_transition_time: isoDate,
  meta_info: z.record(z.string(), z.unknown()).nullish(),
});
const stageObject = z.strictObject({ uuid, stage, stage_conditions: z.array(condition) });
const version = z.looseObject({
  uuid,
  owner: z.string(),
  project: z.string(),
  name: z.string(),
  kind: z.enum(["component", "model", "artifact"]),
  description: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
  stage: stage.nullish(),
  stage_conditions: z.array(condition).nullish(),
  run: z.unknown().optional(),
  artifacts: z.array(z.string()).nullish(),
  meta_info: z.record(z.string(), z.unknown()).nullish(),
  content: z.string().nullish(),
  readme: z.string().nullish(),
  connection: z.string().nullish(),
  created_at: isoDate,
  updated_at: isoDate,
  role: z.string().nullish(),
  contributors: z.array(z.unknown()).nullish(),
});
const envelope = <T extends z.ZodType>(item: T) =>
  z.looseObject({ count: z.number().int(), results: z.array(item), next: z.string().nullable(), previous: z.string().nullable() });

async function call(
  api: APIRequestContext,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; params?: Record<string, string | number> } = {},
) {
  const headers: Record<string, string> = { ...PLX_HEADERS };
  if (opts.token) headers.Authorization = `Token ${opts.token}`;
  const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  if (body) headers["Content-Type"] = "application/json";
  const res = await api.fetch(path, { method, headers, data: body, params: opts.params });
  const text = await res.text();
  return { status: res.status(), json: text ? JSON.parse(text) : null, text };
}

test("Polyaxon CLI: login → project → models register/ls/get/stage/stages/update/transfer/delete → project delete", async ({ request }) => {
  // login -u -p
  let r = await call(request, "GET", "/api/v1/installation");
  expect(r.status).toBe(200);
  installation.parse(r.json);
  r = await call(request, "POST", "/api/v1/auth/token", { body: { username: "demo", password: DEMO_PASSWORD } });
  expect(r.status, r.text).toBe(201);
  const token = z.object({ token: z.string().min(20) }).parse(r.json).token;
  r = await call(request, "GET", "/api/v1/users", { token });
  expect(r.status).toBe(200);
  expect(user.parse(r.json)).toMatchObject({ username: "demo", organization: "demo" });
  r = await call(request, "GET", "/api/v1/installation", { token });
  installation.parse(r.json);
  r = await call(request, "GET", "/api/v1/compatibility/modelreg/2-16-4/cli");
  expect(r.status).toBe(200);
  compatibility.parse(r.json);
  r = await call(request, "GET", "/api/v1/log_handler", { token });
  expect(r.status).toBe(200);

  // project create / get / ls / update
  const name = unique("plx-");
  r = await call(request, "POST", "/api/v1/acme/projects/create", {
    token,
    body: { name, description: "made by polyaxon's cli", tags: ["wire", "cli"], is_public: false },
  });
  expect(r.status, r.text).toBe(201);
  expect(project.parse(r.json).name).toBe(name);
  r = await call(request, "GET", `/api/v1/acme/${name}`, { token });
  expect(r.status).toBe(200);
  expect(project.parse(r.json)).toMatchObject({ name, owner: "acme", is_public: false, tags: ["wire", "cli"] });
  r = await call(request, "GET", "/api/v1/acme/projects/list", { token, params: { limit: 5, offset: 0, query: `name:${name}`, sort: "-created_at" } });
  expect(r.status).toBe(200);
  expect(
    envelope(project)
      .parse(r.json)
      .results.map((p) => p.name),
  ).toEqual([name]);
  r = await call(request, "PATCH", `/api/v1/acme/${name}`, { token, body: { description: "updated", tags: ["wire"] } });
  expect(r.status).toBe(200);
  expect(project.parse(r.json)).toMatchObject({ description: "updated", tags: ["wire"] });

  // models register -ver v1: GET (404) then POST
  const base = `/api/v1/acme/${name}/versions/model`;
  r = await call(request, "GET", `${base}/v1`, { token });
  expect(r.status).toBe(404);
  expect(typeof r.json.detail).toBe("string");
  const content = JSON.stringify({ framework: "pytorch", metrics: { accuracy: 0.93 } });
  r = await call(request, "POST", base, {
    token,
    body: { name: "v1", description: "first", tags: ["a"], artifacts: [], kind: "model", content },
  });
  expect(r.status, r.text).toBe(201);
  expect(version.parse(r.json)).toMatchObject({ name: "v1", kind: "model", content, stage: "testing" });
  // the same name again without force is a conflict
  r = await call(request, "POST", base, { token, body: { name: "v1", kind: "model", content } });
  expect(r.status).toBe(409);
  // without -ver the CLI sends the literal name "latest"
  r = await call(request, "GET", `${base}/latest`, { token });
  expect(r.status).toBe(404);
  r = await call(request, "POST", base, { token, body: { name: "latest", kind: "model", content: "{}" } });
  expect(r.status, r.text).toBe(201);
  expect(version.parse(r.json).name).toBe("latest");

  // models ls (limit=20 always) and get
  r = await call(request, "GET", base, { token, params: { limit: 20, offset: 0 } });
  expect(r.status).toBe(200);
  const list = envelope(version).parse(r.json);
  expect(list.count).toBe(2);
  r = await call(request, "GET", base, { token, params: { limit: 1, offset: 0 } });
  const page1 = envelope(version).parse(r.json);
  expect(page1.next).toBeTruthy();
  const next = new URL(page1.next!);
  expect(next.searchParams.get("limit")).toBe("1");
  expect(next.searchParams.get("offset")).toBe("1");
  r = await call(request, "GET", `${base}/v1`, { token });
  expect(version.parse(r.json).kind).toBe("model");

  // models stage / stages
  const now = new Date().toISOString();
  r = await call(request, "POST", `${base}/v1/stages`, {
    token,
    body: {
      condition: { type: "staging", status: true, reason: "CliStageUpdate", message: "ready for review", last_update_time: now, last_transition_time: now },
    },
  });
  expect(r.status, r.text).toBe(200);
  expect(stageObject.parse(r.json).stage).toBe("staging");
  r = await call(request, "POST", `${base}/v1/stages`, {
    token,
    body: { condition: { type: "production", status: "True", reason: "CliStageUpdate", message: "ship it" } },
  });
  expect(r.status, r.text).toBe(200);
  r = await call(request, "GET", `${base}/v1/stages`, { token });
  const stages = stageObject.parse(r.json);
  expect(stages.stage).toBe("production");
  expect(stages.stage_conditions.map((c) => c.type)).toEqual(expect.arrayContaining(["staging", "production"]));
  const last = stages.stage_conditions.at(-1)!;
  expect(last.meta_info?.user).toBeDefined();

  // models update
  r = await call(request, "PATCH", `${base}/v1`, { token, body: { description: "first, described", tags: ["a", "b"] } });
  expect(r.status).toBe(200);
  expect(version.parse(r.json)).toMatchObject({ description: "first, described", tags: ["a", "b"] });

  // models transfer -to <bare name in the same owner>
  const other = unique("plx-other-");
  r = await call(request, "POST", "/api/v1/acme/projects/create", { token, body: { name: other, is_public: false } });
  expect(r.status, r.text).toBe(201);
  r = await call(request, "POST", `${base}/latest/transfer`, { token, body: { project: other } });
  expect(r.status, r.text).toBe(200);
  r = await call(request, "GET", `/api/v1/acme/${other}/versions/model/latest`, { token });
  expect(r.status).toBe(200);
  r = await call(request, "GET", `${base}/latest`, { token });
  expect(r.status).toBe(404);

  // models delete, project delete
  r = await call(request, "DELETE", `${base}/v1`, { token });
  expect(r.status, r.text).toBe(204);
  r = await call(request, "GET", `${base}/v1`, { token });
  expect(r.status).toBe(404);
  for (const p of [name, other]) {
    r = await call(request, "DELETE", `/api/v1/acme/${p}`, { token });
    expect(r.status, r.text).toBe(204);
  }
  r = await call(request, "GET", `/api/v1/acme/${name}`, { token });
  expect(r.status).toBe(404);
});

test("Polyaxon auth header: Token, token, TOKEN and Bearer are all accepted", async ({ request }) => {
  const r = await call(request, "POST", "/api/v1/auth/token", { body: { username: "alice", password: DEMO_PASSWORD } });
  const token = r.json.token as string;
  for (const prefix of ["Token", "token", "TOKEN", "Bearer", "bearer"]) {
    const res = await request.get("/api/v1/users", { headers: { ...PLX_HEADERS, Authorization: `${prefix} ${token}` } });
    expect(res.status(), prefix).toBe(200);
    expect((await res.json()).username).toBe("alice");
  }
  const bad = await request.get("/api/v1/users", { headers: { Authorization: "Token not-a-real-token" } });
  expect(bad.status()).toBe(401);
});
