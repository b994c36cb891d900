// Health and metrics over real HTTP: what the probe says when a dependency fails, and what a scraper reads —
// counted per route pattern (never per raw path), behind the token, or a 404 when metrics are off.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { serveRoutesForTest, useDbForRoutes } from "./route-testing";
import { scrapeAllowed } from "./metrics";

let t: TestDb;
let srv: { url: string; close(): Promise<void> };
const saved = { ...process.env };

beforeAll(async () => {
  t = await createTestDb();
  useDbForRoutes(t.db);
  srv = await serveRoutesForTest();
}, 120_000);
afterAll(async () => {
  await srv?.close();
  await t?.close();
});
afterEach(() => {
  for (const k of ["MODELREG_METRICS", "MODELREG_METRICS_TOKEN", "MODELREG_DATA_DIR", "STORAGE_URL"]) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe("health", () => {
  it("is a 503 naming the store when the blob store cannot answer, and ok again when it can", async () => {
    process.env.STORAGE_URL = "s3://bucket"; // S3 on an endpoint nobody listens on
    process.env.S3_ENDPOINT = "http://127.0.0.1:9";
    process.env.AWS_ACCESS_KEY_ID = "x";
    process.env.AWS_SECRET_ACCESS_KEY = "x";
    process.env.AWS_REGION = "us-east-1";
    try {
      const s3 = await fetch(`${srv.url}/api/v1/health`);
      expect(s3.status).toBe(503);
      expect(await s3.json()).toEqual({ status: "unavailable", database: "ok", store: "unavailable" });
    } finally {
      for (const k of ["S3_ENDPOINT", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"]) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    }
    delete process.env.STORAGE_URL;
    const good = await fetch(`${srv.url}/api/v1/health`);
    expect(good.status).toBe(200);
    expect(await good.json()).toEqual({ status: "ok", database: "ok", store: "ok" });
  }, 30_000);
});

describe("metrics", () => {
  it("is a 404 while off, a 401 without the token, and Prometheus text with it", async () => {
    expect((await fetch(`${srv.url}/api/v1/metrics`)).status).toBe(404);
    process.env.MODELREG_METRICS_TOKEN = "scrape-secret";
    expect((await fetch(`${srv.url}/api/v1/metrics`)).status).toBe(401);
    expect((await fetch(`${srv.url}/api/v1/metrics`, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    const ok = await fetch(`${srv.url}/api/v1/metrics`, { headers: { authorization: "Bearer scrape-secret" } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await ok.text();
    expect(text).toMatch(/^modelreg_webhook_deliveries_pending 0$/m);
    expect(text).toMatch(/^modelreg_database_up 1$/m);
    expect(text).toMatch(/^modelreg_process_resident_memory_bytes \d+/m);
  });

  it("counts and times requests by route pattern and status, an unknown path under one label", async () => {
    process.env.MODELREG_METRICS = "public";
    await fetch(`${srv.url}/api/v1/orgs/nobody-${Date.now()}`);
    await fetch(`${srv.url}/api/v1/orgs/nobody-else-${Date.now()}`);
    await fetch(`${srv.url}/api/v1/no/such/${Date.now()}`);
    await fetch(`${srv.url}/api/v1/health`, { method: "POST" });
    const text = await (await fetch(`${srv.url}/api/v1/metrics`)).text();
    // Two different organization names, one series: the pattern, not the path.
    expect(text).toMatch(/^modelreg_http_requests_total\{route="\/api\/v1\/orgs\/:org",method="GET",status="404"\} 2$/m);
    expect(text).toMatch(/^modelreg_http_requests_total\{route="\(no route\)",method="GET",status="404"\} 1$/m);
    expect(text).toMatch(/^modelreg_http_requests_total\{route="\/api\/v1\/health",method="POST",status="405"\} 1$/m);
    expect(text).toMatch(/^modelreg_http_request_duration_seconds_count\{route="\/api\/v1\/orgs\/:org",method="GET"\} 2$/m);
    expect(text).not.toMatch(/nobody/);
  });

  it("compares the token in constant time and never accepts an empty one", () => {
    const req = (auth?: string) => new Request("http://x/api/v1/metrics", { headers: auth ? { authorization: auth } : {} });
    expect(scrapeAllowed(req(), {})).toBeNull();
    expect(scrapeAllowed(req(), { MODELREG_METRICS: "public" })).toBe(true);
    expect(scrapeAllowed(req(), { MODELREG_METRICS_TOKEN: "s" })).toBe(false);
    expect(scrapeAllowed(req("Bearer "), { MODELREG_METRICS_TOKEN: "s" })).toBe(false);
    expect(scrapeAllowed(req("Bearer s"), { MODELREG_METRICS_TOKEN: "s", MODELREG_METRICS: "public" })).toBe(true);
  });
});
