// `modelreg models …` against a recording HTTP server: Polyaxon's paths and bodies, -ver/-to spellings, the
// newest version resolved client-side when -ver is omitted, and failures as one line with exit code 1.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { run } from "../main";

type Seen = { method: string; path: string; query: Record<string, string>; body: unknown; auth?: string };
let seen: Seen[] = [];
let server: http.Server;
const version = (name: string, extra: object = {}) => ({
  uuid: "0b5e3c2a-1111-4222-8333-944455556666",
  owner: "acme",
  project: "fraud",
  name,
  kind: "model",
  description: "",
  tags: [],
  stage: "testing",
  stage_conditions: [],
  run: null,
  artifacts: [],
  meta_info: { metrics: { auc: 0.97 } },
  content: "",
  readme: "",
  connection: null,
  created_at: "2026-01-01T00:00:00.000Z",
  updated_at: "2026-01-01T00:00:00.000Z",
  role: "admin",
  ...extra,
});

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const url = new URL(req.url!, "http://x");
      seen.push({
        method: req.method!,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body: raw ? JSON.parse(raw) : undefined,
        auth: req.headers.authorization,
      });
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(body === undefined ? "" : JSON.stringify(body));
      };
      const p = url.pathname;
      if (p.endsWith("/versions/model") && req.method === "GET") return send(200, { count: 1, results: [version("v7")], next: null, previous: null });
      if (p.endsWith("/versions/model") && req.method === "POST") return send(201, version((JSON.parse(raw).name as string) ?? "v8"));
      if (p.endsWith("/missing"))
        return send(404, { detail: "Version 'missing' not found", error: { code: "not_found", message: "Version 'missing' not found" } });
      if (p.endsWith("/stages"))
        return send(200, { uuid: version("v7").uuid, stage: req.method === "POST" ? JSON.parse(raw).condition.type : "testing", stage_conditions: [] });
      if (/\/(transfer|copy)$/.test(p)) return send(200, { ...version("v7"), project: "other" });
      if (p.endsWith("/aliases"))
        return send(200, { count: 1, results: [{ alias: "champion", version: "v7", updated_at: "2026-01-01T00:00:00.000Z", updated_by: "ana" }] });
      if (p.includes("/aliases/") && req.method === "PUT")
        return send(201, { alias: p.split("/").pop(), version: JSON.parse(raw).version, updated_at: "2026-01-01T00:00:00.000Z", updated_by: "ana" });
      if (req.method === "DELETE") return send(204, undefined);
      return send(200, version(decodeURIComponent(p.split("/").pop()!)));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mr-models-"));
  process.env.MODELREG_CONFIG_DIR = dir;
  process.env.MODELREG_HOST = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  process.env.MODELREG_TOKEN = "mr_test";
});
afterAll(() => server.close());
beforeEach(() => {
  seen = [];
});

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const o = vi.spyOn(process.stdout, "write").mockImplementation((s) => (out.push(String(s)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s) => (err.push(String(s)), true));
  try {
    const code = await run(["node", "modelreg", ...args]);
    return { code, out: out.join(""), err: err.join("") };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const base = "/api/v1/acme/fraud/versions/model";

describe("modelreg models", () => {
  it("register sends Polyaxon's body; without -ver the server names the version", async () => {
    const r = await cli(
      "models",
      "register",
      "-p",
      "acme/fraud",
      "--description",
      "d",
      "--tags",
      "a, b",
      "--content",
      '{"x":1}',
      "--run-uid",
      "abc",
      "--artifacts",
      "m.json",
      "--force",
    );
    expect(r.code).toBe(0);
    expect(seen).toEqual([
      {
        method: "POST",
        path: base,
        query: {},
        auth: "Bearer mr_test",
        body: { description: "d", tags: ["a", "b"], content: '{"x":1}', run: "abc", artifacts: ["m.json"], kind: "model", force: true },
      },
    ]);
    expect(r.out).toContain("Registered acme/fraud:v8");
    seen = [];
    await cli("models", "register", "-p", "acme/fraud", "-ver", "v9");
    expect(seen[0].body).toMatchObject({ name: "v9" });
  });

  it("get without -ver resolves the newest version by listing, with -ver it asks for that name", async () => {
    await cli("models", "get", "-p", "acme/fraud");
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual([`GET ${base}`, `GET ${base}/v7`]);
    expect(seen[0].query).toEqual({ sort: "-created_at", limit: "1" });
    seen = [];
    const r = await cli("models", "get", "-p", "acme/fraud", "-ver", "release-1.2");
    expect(seen.map((s) => s.path)).toEqual([`${base}/release-1.2`]);
    expect(r.out).toMatch(/version:\s+acme\/fraud:release-1.2/);
  });

  it("stage -to posts a Polyaxon condition; an unknown stage is refused before any call", async () => {
    const r = await cli("models", "stage", "-p", "acme/fraud", "-ver", "v7", "-to", "staging", "--reason", "why");
    expect(r.code).toBe(0);
    expect(seen[0]).toMatchObject({
      method: "POST",
      path: `${base}/v7/stages`,
      body: { condition: { type: "staging", status: true, reason: "why", message: "" } },
    });
    expect(r.out).toContain("v7 is now in staging");
    seen = [];
    const bad = await cli("models", "stage", "-p", "acme/fraud", "-ver", "v7", "-to", "prod");
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/one of testing, staging, production, disabled/);
    expect(seen).toEqual([]);
  });

  it("alias --set PUTs the alias, --remove DELETEs it, aliases lists them; -ver @champion is sent as the version", async () => {
    const set = await cli("models", "alias", "-p", "acme/fraud", "-ver", "v7", "--set", "champion");
    expect(set.code).toBe(0);
    expect(set.out).toContain("acme/fraud@champion now points at v7");
    await cli("models", "alias", "-p", "acme/fraud", "--remove", "champion");
    const ls = await cli("models", "aliases", "-p", "acme/fraud");
    await cli("models", "get", "-p", "acme/fraud", "-ver", "@champion");
    expect(seen.map((s) => [s.method, s.path, s.body])).toEqual([
      ["PUT", "/api/v1/acme/fraud/aliases/champion", { version: "v7" }],
      ["DELETE", "/api/v1/acme/fraud/aliases/champion", undefined],
      ["GET", "/api/v1/acme/fraud/aliases", undefined],
      ["GET", `${base}/%40champion`, undefined],
    ]);
    expect(ls.out).toMatch(/champion\s+v7/);
    seen = [];
    const neither = await cli("models", "alias", "-p", "acme/fraud", "-ver", "v7");
    expect(neither.code).toBe(1);
    expect(neither.err).toMatch(/--set ALIAS or --remove ALIAS/);
    expect(seen).toEqual([]);
  });

  it("ls passes the query, sort, limit and offset; --json prints the envelope", async () => {
    const r = await cli("--json", "models", "ls", "-p", "acme/fraud", "-q", "stage:production", "-s", "-name", "--limit", "5", "--offset", "10");
    expect(seen[0].query).toEqual({ query: "stage:production", sort: "-name", limit: "5", offset: "10" });
    expect(JSON.parse(r.out).results[0].name).toBe("v7");
  });

  it("update, transfer, copy and delete call the version's paths", async () => {
    await cli("models", "update", "-p", "acme/fraud", "-ver", "v7", "--description", "new");
    await cli("models", "transfer", "-p", "acme/fraud", "-ver", "v7", "-to", "other");
    await cli("models", "copy", "-p", "acme/fraud", "-ver", "v7", "-to", "acme/other", "--name", "c1");
    await cli("models", "delete", "-p", "acme/fraud", "-ver", "v7", "-y");
    expect(seen.map((s) => [s.method, s.path, s.body])).toEqual([
      ["PATCH", `${base}/v7`, { description: "new" }],
      ["POST", `${base}/v7/transfer`, { project: "other" }],
      ["POST", `${base}/v7/copy`, { project: "acme/other", name: "c1" }],
      ["DELETE", `${base}/v7`, undefined],
    ]);
  });

  it("delete needs a name; an API error is one line on stderr with exit code 1", async () => {
    const d = await cli("models", "delete", "-p", "acme/fraud", "-y");
    expect(d.code).toBe(1);
    expect(d.err).toMatch(/-ver NAME/);
    const r = await cli("models", "get", "-p", "acme/fraud", "-ver", "missing");
    expect(r.code).toBe(1);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toContain("Version 'missing' not found [404 not_found]");
  });
});
