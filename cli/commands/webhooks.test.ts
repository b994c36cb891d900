// `modelreg webhooks …` against a recording HTTP server: the paths of both scopes, the bodies, the secret
// printed once by create, and the scope flags refused when missing or both given.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { run } from "../main";

type Seen = { method: string; path: string; query: Record<string, string>; body: unknown };
let seen: Seen[] = [];
let server: http.Server;
const hook = {
  id: 3,
  url: "https://ci.example.com/h",
  events: ["*"],
  active: true,
  description: "",
  owner: "acme",
  project: "fraud",
  created_by: "alice",
  created_at: "2026-01-01T00:00:00.000Z",
  updated_at: "2026-01-01T00:00:00.000Z",
};
const delivery = {
  id: "0b5e3c2a-1111-4222-8333-944455556666",
  event: "ping",
  status: "succeeded",
  attempts: 1,
  status_code: 200,
  created_at: "2026-01-01T00:00:00.000Z",
  log: [{ attempt: 1, ok: true, status_code: 200, latency_ms: 12, error: "" }],
};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const url = new URL(req.url!, "http://x");
      seen.push({ method: req.method!, path: url.pathname, query: Object.fromEntries(url.searchParams), body: raw ? JSON.parse(raw) : undefined });
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(body === undefined ? "" : JSON.stringify(body));
      };
      const p = url.pathname;
      if (req.method === "DELETE") return send(204, undefined);
      if (p.endsWith("/ping") || p.endsWith("/redeliver")) return send(202, { delivery: delivery.id });
      if (p.endsWith("/deliveries")) return send(200, { count: 1, results: [delivery], next: null, previous: null });
      if (req.method === "POST") return send(201, { ...hook, ...JSON.parse(raw), secret: "whsec_shown_once" });
      return send(200, [hook]);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  process.env.MODELREG_CONFIG_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "mr-hooks-"));
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

describe("modelreg webhooks", () => {
  it("ls, create (secret printed), ping, deliveries, redeliver and delete on a model", async () => {
    expect((await cli("webhooks", "ls", "-p", "acme/fraud")).out).toContain("https://ci.example.com/h");
    const c = await cli("webhooks", "create", "-p", "acme/fraud", "--url", "https://ci.example.com/h", "--events", "version.created,version.stage_changed");
    expect(c.code).toBe(0);
    expect(c.out).toContain("whsec_shown_once");
    expect(await cli("webhooks", "ping", "-p", "acme/fraud", "--id", "3")).toMatchObject({ code: 0 });
    const d = await cli("webhooks", "deliveries", "-p", "acme/fraud", "--id", "3");
    expect(d.out).toContain(delivery.id);
    expect(d.out).toContain("succeeded");
    await cli("webhooks", "deliveries", "-p", "acme/fraud", "--id", "3", "--redeliver", delivery.id);
    await cli("webhooks", "delete", "-p", "acme/fraud", "--id", "3");
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual([
      "GET /api/v1/acme/fraud/webhooks",
      "POST /api/v1/acme/fraud/webhooks",
      "POST /api/v1/acme/fraud/webhooks/3/ping",
      "GET /api/v1/acme/fraud/webhooks/3/deliveries",
      `POST /api/v1/acme/fraud/webhooks/3/deliveries/${delivery.id}/redeliver`,
      "DELETE /api/v1/acme/fraud/webhooks/3",
    ]);
    expect(seen[1].body).toEqual({ url: "https://ci.example.com/h", events: ["version.created", "version.stage_changed"], active: true });
  });

  it("uses the organization's routes with -o, and refuses no scope or both", async () => {
    await cli("webhooks", "ls", "-o", "acme");
    expect(seen.map((s) => s.path)).toEqual(["/api/v1/orgs/acme/webhooks"]);
    const none = await cli("webhooks", "ls");
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/-p OWNER\/MODEL .* -o ORG/);
    expect((await cli("webhooks", "ls", "-o", "acme", "-p", "acme/fraud")).code).toBe(1);
  });
});
