// The permission table (DESIGN §4) through the MLflow surface: every actor of the access world × every kind of
// model × every action this surface exposes, with the expectation taken from the hand-written grid
// (db/testing/expected-access.ts), never from lib/authz.ts. And the endpoint list: every endpoint of the proto
// (endpoints.ts) has a route under both prefixes.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
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
import { callPath, useDbForRoutes } from "@/lib/api/route-testing";
import type { ProjectPermission } from "@/lib/authz";
import { createToken } from "@/lib/registry/tokens";
import { registerVersion } from "@/lib/registry/versions";
import { router } from "@/lib/api/routes";
import { createRouter, type RouteModule, type Router } from "@/lib/api/router";
import { mlflowRoutes } from "@/lib/api/routes/mlflow";
import { ALL_ENDPOINTS, MODEL_REGISTRY_ENDPOINTS, PREFIXES } from "./endpoints";

let t: TestDb;
let w: AccessWorld;
const tokens: Partial<Record<ActorName, string>> = {};

let blobs: string;

beforeAll(async () => {
  // Uploaded files go to a temporary blob store, not the worktree's ./data.
  blobs = fs.mkdtempSync(path.join(os.tmpdir(), "modelreg-mlflow-"));
  process.env.MODELREG_DATA_DIR = blobs;
  delete process.env.STORAGE_URL;
  t = await createTestDb();
  useDbForRoutes(t.db);
  w = await buildAccessWorld(t.db, "mm");
  for (const [name, user] of Object.entries(w.users)) tokens[name as ActorName] = (await createToken(t.db, user, { name: "mlflow matrix" })).token;
  // v1 stays in a stage that is not protected (for tags, aliases, uploads); v2 is the one moved to Production.
  for (const p of PROJECT_NAMES) {
    await registerVersion(t.db, w.users.owner, w.org, p, "model", { name: "v1" });
    await registerVersion(t.db, w.users.owner, w.org, p, "model", { name: "v2" });
  }
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(blobs, { recursive: true, force: true });
});

const CODE: Record<Exclude<ExpectedOutcome, "ok">, string> = { 404: "RESOURCE_DOES_NOT_EXIST", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED" };

async function ml(actor: ActorName, method: string, endpoint: string, fields: Record<string, unknown>) {
  const url = new URL(`http://modelreg.test/api/2.0${endpoint}`);
  if (method === "GET") for (const [k, v] of Object.entries(fields)) url.searchParams.set(k, String(v));
  return callPath({
    method,
    path: url.pathname + url.search,
    token: actor === "anonymous" ? undefined : tokens[actor],
    body: method === "GET" ? undefined : fields,
  });
}

type Action = {
  what: string;
  permission: ProjectPermission;
  /** Allowed calls that would destroy the fixture are not made (their refusals are). */
  onlyRefusals?: boolean;
  call(actor: ActorName, project: ProjectName): Promise<{ status: number; json: unknown; text: string }>;
};

const name = (p: ProjectName) => `${w.org}.${p}`;

const ACTIONS: Action[] = [
  { what: "registered-models/get", permission: "project.read", call: (a, p) => ml(a, "GET", "/mlflow/registered-models/get", { name: name(p) }) },
  { what: "model-versions/get", permission: "project.read", call: (a, p) => ml(a, "GET", "/mlflow/model-versions/get", { name: name(p), version: "1" }) },
  {
    what: "model-versions/get-download-uri",
    permission: "project.read",
    call: (a, p) => ml(a, "GET", "/mlflow/model-versions/get-download-uri", { name: name(p), version: "1" }),
  },
  {
    what: "registered-models/get-latest-versions",
    permission: "project.read",
    call: (a, p) => ml(a, "POST", "/mlflow/registered-models/get-latest-versions", { name: name(p) }),
  },
  { what: "artifacts list", permission: "project.read", call: (a, p) => ml(a, "GET", "/mlflow-artifacts/artifacts", { path: `modelreg/${w.org}/${p}/v1` }) },
  {
    what: "model-versions/create",
    permission: "version.write",
    call: (a, p) => ml(a, "POST", "/mlflow/model-versions/create", { name: name(p), source: "s3://b/p" }),
  },
  {
    what: "model-versions/update",
    permission: "version.write",
    call: (a, p) => ml(a, "PATCH", "/mlflow/model-versions/update", { name: name(p), version: "1", description: a }),
  },
  {
    what: "model-versions/set-tag",
    permission: "version.write",
    call: (a, p) => ml(a, "POST", "/mlflow/model-versions/set-tag", { name: name(p), version: "1", key: "k", value: a }),
  },
  {
    what: "model-versions/delete-tag",
    permission: "version.write",
    call: (a, p) => ml(a, "DELETE", "/mlflow/model-versions/delete-tag", { name: name(p), version: "1", key: "nope" }),
  },
  {
    what: "artifact upload",
    permission: "file.upload",
    call: async (a, p) => {
      const res = await callPath({
        method: "PUT",
        path: `/api/2.0/mlflow-artifacts/artifacts/modelreg/${w.org}/${p}/v1/f-${a}.txt`,
        token: a === "anonymous" ? undefined : tokens[a],
        body: "x",
      });
      return res;
    },
  },
  {
    what: "transition-stage → Staging",
    permission: "stage.change",
    call: (a, p) =>
      ml(a, "POST", "/mlflow/model-versions/transition-stage", { name: name(p), version: "1", stage: "Staging", archive_existing_versions: false }),
  },
  {
    what: "transition-stage → Production",
    permission: "stage.protected",
    call: (a, p) =>
      ml(a, "POST", "/mlflow/model-versions/transition-stage", { name: name(p), version: "2", stage: "Production", archive_existing_versions: false }),
  },
  {
    what: "registered-models/alias POST",
    permission: "alias.set",
    call: (a, p) => ml(a, "POST", "/mlflow/registered-models/alias", { name: name(p), alias: "candidate", version: "1" }),
  },
  {
    what: "registered-models/alias POST champion (protected)",
    permission: "alias.protected",
    call: (a, p) => ml(a, "POST", "/mlflow/registered-models/alias", { name: name(p), alias: "champion", version: "1" }),
  },
  {
    what: "registered-models/set-tag",
    permission: "project.settings",
    call: (a, p) => ml(a, "POST", "/mlflow/registered-models/set-tag", { name: name(p), key: "k", value: a }),
  },
  {
    what: "registered-models/update",
    permission: "project.settings",
    call: (a, p) => ml(a, "PATCH", "/mlflow/registered-models/update", { name: name(p), description: a }),
  },
  {
    what: "model-versions/delete",
    permission: "version.delete",
    call: async (a, p) => {
      const v = `del-${a.toLowerCase()}`;
      await registerVersion(t.db, w.users.owner, w.org, p, "model", { name: v });
      return ml(a, "DELETE", "/mlflow/model-versions/delete", { name: name(p), version: v });
    },
  },
  {
    what: "registered-models/rename",
    permission: "project.settings",
    onlyRefusals: true,
    call: (a, p) => ml(a, "POST", "/mlflow/registered-models/rename", { name: name(p), new_name: `${name(p)}-x` }),
  },
  {
    what: "registered-models/delete",
    permission: "project.delete",
    onlyRefusals: true,
    call: (a, p) => ml(a, "DELETE", "/mlflow/registered-models/delete", { name: name(p) }),
  },
];

describe("every refusal of the permission table, through MLflow's API", () => {
  for (const action of ACTIONS) {
    it(`${action.what} (${action.permission})`, async () => {
      const wrong: string[] = [];
      for (const actor of ACTOR_NAMES) {
        for (const project of PROJECT_NAMES) {
          const expected = expectedOutcome(actor, project, action.permission);
          if (expected === "ok" && action.onlyRefusals) continue;
          const r = await action.call(actor, project);
          const code = (r.json as { error_code?: string } | null)?.error_code;
          const ok = expected === "ok" ? r.status === 200 && code === undefined : r.status === expected && code === CODE[expected];
          if (!ok) wrong.push(`${actor} on ${project}: expected ${expected}, got ${r.status} ${r.text.slice(0, 160)}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }

  it("search never shows a model or version the actor may not read", async () => {
    for (const actor of ACTOR_NAMES) {
      const visible = PROJECT_NAMES.filter((p) => expectedOutcome(actor, p, "project.read") === "ok")
        .map(name)
        .sort();
      const models = await ml(actor, "GET", "/mlflow/registered-models/search", { filter: `name LIKE '${w.org}.%'`, max_results: 1000 });
      expect((models.json as { registered_models: { name: string }[] }).registered_models.map((m) => m.name).sort(), actor).toEqual(visible);
      const versions = await ml(actor, "GET", "/mlflow/model-versions/search", { filter: `name LIKE '${w.org}.%' AND version_number = 1` });
      const seen = [...new Set((versions.json as { model_versions: { name: string }[] }).model_versions.map((v) => v.name))].sort();
      expect(seen, actor).toEqual(visible);
    }
  });

  // After the search test: it adds models.
  it("registered-models/create (project.create in the organization)", async () => {
    const wrong: string[] = [];
    for (const actor of ACTOR_NAMES) {
      const expected = expectedOrgOutcome(actor, "project.create");
      const r = await ml(actor, "POST", "/mlflow/registered-models/create", { name: `${w.org}.new-${actor.toLowerCase()}` });
      const code = (r.json as { error_code?: string } | null)?.error_code;
      const ok = expected === "ok" ? r.status === 200 && code === undefined : r.status === expected && code === CODE[expected];
      if (!ok) wrong.push(`${actor}: expected ${expected}, got ${r.status} ${r.text.slice(0, 160)}`);
    }
    expect(wrong).toEqual([]);
  });
});

/**
 * service ModelRegistryService of mlflow/protos/model_registry.proto (MLflow 3.x), rpc by rpc, copied here by hand
 * and kept apart from endpoints.ts (from which the route table is built): an endpoint dropped from that list, or
 * a route dropped from the table, fails a test below by name.
 */
const PROTO_RPCS = [
  "CreateRegisteredModel POST /mlflow/registered-models/create",
  "RenameRegisteredModel POST /mlflow/registered-models/rename",
  "UpdateRegisteredModel PATCH /mlflow/registered-models/update",
  "DeleteRegisteredModel DELETE /mlflow/registered-models/delete",
  "GetRegisteredModel GET /mlflow/registered-models/get",
  "SearchRegisteredModels GET /mlflow/registered-models/search",
  "GetLatestVersions POST /mlflow/registered-models/get-latest-versions",
  "GetLatestVersions GET /mlflow/registered-models/get-latest-versions",
  "CreateModelVersion POST /mlflow/model-versions/create",
  "UpdateModelVersion PATCH /mlflow/model-versions/update",
  "TransitionModelVersionStage POST /mlflow/model-versions/transition-stage",
  "DeleteModelVersion DELETE /mlflow/model-versions/delete",
  "GetModelVersion GET /mlflow/model-versions/get",
  "SearchModelVersions GET /mlflow/model-versions/search",
  "GetModelVersionDownloadUri GET /mlflow/model-versions/get-download-uri",
  "SetRegisteredModelTag POST /mlflow/registered-models/set-tag",
  "SetModelVersionTag POST /mlflow/model-versions/set-tag",
  "DeleteRegisteredModelTag DELETE /mlflow/registered-models/delete-tag",
  "DeleteModelVersionTag DELETE /mlflow/model-versions/delete-tag",
  "SetRegisteredModelAlias POST /mlflow/registered-models/alias",
  "DeleteRegisteredModelAlias DELETE /mlflow/registered-models/alias",
  "GetModelVersionByAlias GET /mlflow/registered-models/alias",
] as const;

/** The endpoints (`METHOD /api…/path`) a router does not route to a handler of their own (the catch-all is not one). */
function unrouted(r: Router, endpoints: readonly { method: string; path: string }[]): string[] {
  const missing: string[] = [];
  for (const e of endpoints) {
    for (const prefix of PREFIXES) {
      const path = prefix + e.path.replace("*path", "modelreg/o/m/v1/MLmodel");
      const m = r.match(path);
      if (!m?.entry.module[e.method as keyof RouteModule] || m.entry.path.endsWith("/*rest")) missing.push(`${e.method} ${path}`);
    }
  }
  return missing;
}

const protoEndpoints = PROTO_RPCS.map((line) => {
  const [rpc, method, path] = line.split(" ");
  return { rpc, method, path };
});

describe("the endpoint list (model_registry.proto) is routed", () => {
  it("the list holds every rpc endpoint of the proto's ModelRegistryService, and nothing else under registered-models / model-versions", () => {
    const listed = MODEL_REGISTRY_ENDPOINTS.map((e) => `${e.rpc} ${e.method} ${e.path}`);
    expect(PROTO_RPCS.filter((p) => !listed.includes(p))).toEqual([]);
    expect(listed.filter((l) => !(PROTO_RPCS as readonly string[]).includes(l))).toEqual([]);
    expect(ALL_ENDPOINTS.filter((e) => e.path.startsWith("/mlflow/registered-models") || e.path.startsWith("/mlflow/model-versions"))).toHaveLength(
      PROTO_RPCS.length,
    );
  });

  it("every endpoint answers under /api/2.0 and /ajax-api/2.0 with its method", () => {
    expect(unrouted(router, [...protoEndpoints, ...ALL_ENDPOINTS])).toEqual([]);
  });

  it("the check names a route that goes missing (so it cannot pass vacuously)", () => {
    const gone = "/api/2.0/mlflow/model-versions/transition-stage";
    const without = createRouter(mlflowRoutes.filter((e) => e.path !== gone));
    expect(unrouted(without, protoEndpoints)).toEqual([`POST ${gone}`]);
  });

  it("an endpoint that is not in the list is MLflow's ENDPOINT_NOT_FOUND, on every method", async () => {
    for (const method of ["GET", "POST", "PATCH", "DELETE"]) {
      for (const path of ["/api/2.0/mlflow/experiments/search", "/ajax-api/2.0/mlflow/logged-models/search", "/api/2.0/mlflow-artifacts/mpu/create/x"]) {
        const r = await callPath({ method, path, body: method === "GET" ? undefined : {} });
        expect(r.status, path).toBe(404);
        expect((r.json as { error_code: string }).error_code).toBe("ENDPOINT_NOT_FOUND");
      }
    }
  });
});
