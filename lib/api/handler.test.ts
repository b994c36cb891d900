// The request layer's input rules, through real route handlers on the test database: JSON bodies capped
// (MODELREG_MAX_JSON_BODY, 413 from Content-Length or while streaming), and text PostgreSQL would refuse —
// NUL, `\u0000` in JSON headed for jsonb, lone surrogates, invalid UTF-8 — a 400 naming the field, in bodies,
// path parameters and query strings alike.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { makeOrg, makeUser } from "@/lib/testing/fixtures";
import { callRoute, useDbForRoutes } from "@/lib/api/route-testing";
import { createProject } from "@/lib/registry/projects";
import { createToken } from "@/lib/registry/tokens";
import * as runsRoute from "@/lib/api/routes/v1/[owner]/[project]/runs/route";
import * as projectRoute from "@/lib/api/routes/v1/[owner]/[project]/route";
import * as tokenRoute from "@/lib/api/routes/v1/auth/token/route";
import { maxJsonBody, readBodyText } from "./handler";

let t: TestDb;
let token: string;
const params = { owner: "hb-org", project: "p" };
beforeAll(async () => {
  t = await createTestDb();
  useDbForRoutes(t.db);
  const owner = await makeUser(t.db, "hb-owner");
  await makeOrg(t.db, "hb-org", owner);
  await createProject(t.db, owner, "hb-org", { name: "p" });
  token = (await createToken(t.db, owner, { name: "handler tests" })).token;
});
afterAll(async () => t.close());
afterEach(() => {
  delete process.env.MODELREG_MAX_JSON_BODY;
});

type Err = { error: { code: string; details?: Record<string, string[]> }; detail: string };
const createRun = (body: unknown, headers: Record<string, string> = {}) =>
  callRoute(runsRoute.POST, { method: "POST", path: "/api/v1/hb-org/p/runs", params, token, body, headers });

/** A body that arrives in chunks with no Content-Length, as a chunked upload does. */
function streamed(chunks: number, size: number): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let n = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      if (n++ >= chunks) c.close();
      else c.enqueue(new Uint8Array(size).fill(0x20));
    },
  });
  return { stream, pulled: () => n };
}

describe("JSON body size", () => {
  it("is 1 MiB unless MODELREG_MAX_JSON_BODY says otherwise", () => {
    expect(maxJsonBody({})).toBe(1024 * 1024);
    expect(maxJsonBody({ MODELREG_MAX_JSON_BODY: "64KiB" })).toBe(65536);
    expect(maxJsonBody({ MODELREG_MAX_JSON_BODY: "2000" })).toBe(2000);
  });

  it("refuses a declared Content-Length over the cap with 413 before reading a byte", async () => {
    const { stream, pulled } = streamed(1000, 1024);
    const req = new Request("http://x/", {
      method: "POST",
      body: stream,
      headers: { "content-length": String(2 * 1024 * 1024) },
      duplex: "half",
    } as RequestInit);
    await expect(readBodyText(req)).rejects.toMatchObject({ status: 413, code: "too_large" });
    expect(pulled()).toBeLessThanOrEqual(1);
  });

  it("counts a body without Content-Length while it streams and stops just past the cap", async () => {
    const { stream, pulled } = streamed(100_000, 64 * 1024); // 6 GiB if read whole
    const req = new Request("http://x/", { method: "POST", body: stream, duplex: "half" } as RequestInit);
    await expect(readBodyText(req, 1024 * 1024)).rejects.toMatchObject({ status: 413 });
    expect(pulled()).toBeLessThan(24);
  });

  it("answers 413 through a route, naming the limit and its setting, and still accepts bodies under it", async () => {
    process.env.MODELREG_MAX_JSON_BODY = "4KiB";
    const big = await createRun({ name: "big", description: "x".repeat(5000) });
    expect(big.status).toBe(413);
    expect((big.json as Err).detail).toMatch(/4 KiB.*MODELREG_MAX_JSON_BODY/);
    expect((await createRun({ name: "small", description: "x".repeat(3000) })).status).toBe(201);
  });

  it("answers 413 to an anonymous caller too (the token endpoint reads a body before anyone is known)", async () => {
    const res = await callRoute(tokenRoute.POST, {
      method: "POST",
      path: "/api/v1/auth/token",
      body: { username: "x", password: "y".repeat(2 * 1024 * 1024) },
    });
    expect(res.status).toBe(413);
  });
});

describe("text PostgreSQL would refuse is a 400 naming the field", () => {
  it.each([
    ["NUL in a text field", { name: "r\u0000" }, "name", /NUL/],
    ["NUL inside a jsonb payload", { name: "r", inputs: { lr: "0.1\u0000" } }, "inputs.lr", /NUL/],
    ["NUL in a jsonb key", { name: "r", outputs: { "a\u0000": 1 } }, "outputs", /key must not contain NUL/],
    ["a lone surrogate", { name: "r", description: "\ud800" }, "description", /surrogate/],
    ["a lone surrogate deep in an array", { name: "r", tags: ["ok", "x\udfff"] }, "tags.1", /surrogate/],
  ])("%s", async (_what, body, field, reason) => {
    const res = await createRun(body);
    expect(res.status, res.text).toBe(400);
    const err = res.json as Err;
    expect(err.error.details?.[field]?.[0]).toMatch(reason);
  });

  it("JSON escapes as well as raw characters (\\u0000 is what a JSON client sends)", async () => {
    const res = await createRun('{"name":"r","inputs":{"k":"\\u0000"}}');
    expect(res.status, res.text).toBe(400);
    expect((res.json as Err).error.details?.["inputs.k"]).toBeDefined();
  });

  it("invalid UTF-8 bytes in the body", async () => {
    const req = new Request("http://modelreg.test/api/v1/hb-org/p/runs", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: new Uint8Array([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]),
    });
    const res = await runsRoute.POST(req, { params: Promise.resolve(params) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Err).error.details?.body?.[0]).toMatch(/UTF-8/);
  });

  it("nesting deeper than any real payload", async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200; i++) deep = [deep];
    const res = await createRun({ name: "r", inputs: { deep } });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/nested/);
  });

  it.each([
    ["a path parameter", { owner: "hb-org", project: "p\u0000" }, "", "project"],
    ["a path parameter with a lone surrogate", { owner: "hb-\ud800", project: "p" }, "", "owner"],
    ["a query value", params, "?query=name:%00", "query"],
    ["a query name", params, "?%00=1", "query string"],
  ])("%s", async (_what, p, qs, field) => {
    const res = await callRoute(projectRoute.GET, { path: `/api/v1/x/y${qs}`, params: p, token });
    expect(res.status, res.text).toBe(400);
    expect((res.json as Err).error.details?.[field]).toBeDefined();
  });

  it("the login name of POST /api/v1/auth/token", async () => {
    const res = await callRoute(tokenRoute.POST, { method: "POST", path: "/api/v1/auth/token", body: { username: "hb-owner\u0000", password: "x" } });
    expect(res.status, res.text).toBe(400);
    expect((res.json as Err).error.details?.username?.[0]).toMatch(/NUL/);
  });
});
