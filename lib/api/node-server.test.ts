// The production listener over real HTTP: the route table answered on node:http, streamed bodies both ways,
// HEAD, a body on DELETE, and the peer address taken from the socket (never from the client's header).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { serveRoutesForTest, useDbForRoutes } from "./route-testing";

let t: TestDb;
let srv: { url: string; close(): Promise<void> };

beforeAll(async () => {
  t = await createTestDb();
  useDbForRoutes(t.db);
  srv = await serveRoutesForTest();
}, 120_000);
afterAll(async () => {
  await srv?.close();
  await t?.close();
});

describe("routeListener over HTTP", () => {
  it("answers the table's routes with JSON and the security headers", async () => {
    const res = await fetch(`${srv.url}/api/v1/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "ok", store: "ok" });
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("answers HEAD without a body, an unknown API path with a JSON 404, a page path with 404 when there is no Next", async () => {
    const head = await fetch(`${srv.url}/api/v1/health`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const nf = await fetch(`${srv.url}/api/v1/no/such/route/at/all/here`);
    expect(nf.status).toBe(404);
    expect(((await nf.json()) as { error: { code: string } }).error.code).toBe("not_found");
    expect((await fetch(`${srv.url}/acme`)).status).toBe(404);
  });

  it("reads a JSON body, and answers a DELETE that carries one without resetting the connection", async () => {
    const bad = await fetch(`${srv.url}/api/v1/auth/token`, { method: "POST", body: "{nope", headers: { "content-type": "application/json" } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("valid JSON");
    const del = await fetch(`${srv.url}/api/v1/orgs/nobody`, {
      method: "DELETE",
      body: JSON.stringify({ x: 1 }),
      headers: { "content-type": "application/json" },
    });
    expect(del.status).toBe(404); // an org the caller cannot see, answered (not a reset)
  });

  it("answers a broken percent-encoding under /api/ with a 400", async () => {
    const res = await fetch(`${srv.url}/api/v1/orgs/%E0%A4%A`);
    expect(res.status).toBe(400);
  });
});
