// The CLI's shared pieces: config file (0600, atomic, env overrides), host normalisation, error lines.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ApiError, Client, apiErrorFrom, createClient, splitProject } from "./client";
import { configPath, connection, maskToken, normalizeHost, readConfig, writeConfig } from "./config";
import { CliError } from "./errors";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mr-cli-"));
  process.env.MODELREG_CONFIG_DIR = path.join(dir, "nested", "cfg");
  delete process.env.MODELREG_HOST;
  delete process.env.MODELREG_TOKEN;
});

describe("config", () => {
  it("writes the file 0600 in a 0700 directory, and reads it back", () => {
    const file = writeConfig({ host: "http://x:1", token: "mr_secret", username: "ada" });
    expect(file).toBe(configPath());
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(readConfig()).toEqual({ host: "http://x:1", token: "mr_secret", username: "ada" });
    expect(fs.readdirSync(path.dirname(file))).toEqual(["config.json"]);
  });

  it("tightens a file that was readable by others", () => {
    const file = writeConfig({ host: "http://x:1" });
    fs.chmodSync(file, 0o644);
    writeConfig({ host: "http://x:2" });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it("a missing file is empty; a broken one is a clear error", () => {
    expect(readConfig()).toEqual({});
    writeConfig({});
    fs.writeFileSync(configPath(), "{nope");
    expect(() => readConfig()).toThrow(/not valid JSON/);
  });

  it("MODELREG_HOST and MODELREG_TOKEN win over the file", () => {
    writeConfig({ host: "http://file:1", token: "mr_file", username: "ada" });
    expect(connection()).toEqual({ host: "http://file:1", token: "mr_file", username: "ada" });
    process.env.MODELREG_HOST = "env-host:9";
    process.env.MODELREG_TOKEN = "mr_env";
    expect(connection()).toEqual({ host: "http://env-host:9", token: "mr_env", username: undefined });
  });

  it.each([
    ["localhost:3000", "http://localhost:3000"],
    ["http://h:1/", "http://h:1"],
    ["https://reg.example.com/api/v1/", "https://reg.example.com"],
    ["https://example.com/modelreg", "https://example.com/modelreg"],
  ])("normalizes %s", (input, out) => expect(normalizeHost(input)).toBe(out));

  it("refuses hosts that are not http(s) URLs", () => {
    for (const bad of ["", "ftp://x", "http://"]) expect(() => normalizeHost(bad)).toThrow(CliError);
  });

  it("masks tokens", () => {
    expect(maskToken("mr_abcdefghijklmnop")).toBe("mr_abcdefg…");
    expect(maskToken(undefined)).toBeNull();
  });
});

describe("errors", () => {
  it("turns our error body into one line with the status and code", async () => {
    const res = new Response(
      JSON.stringify({
        detail: "name: is required",
        error: { code: "invalid", message: "name: is required", details: { name: ["is required"], tags: ["at most 50 tags"] } },
      }),
      { status: 400 },
    );
    const err = await apiErrorFrom(res, "http://h");
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toBe("name: is required (tags: at most 50 tags) [400 invalid]");
    expect(err.message).not.toContain("\n");
    expect(err.status).toBe(400);
  });

  it("falls back to Polyaxon's `detail`, then to the status line", async () => {
    expect((await apiErrorFrom(new Response(JSON.stringify({ detail: "Nope" }), { status: 403 }), "http://h")).message).toBe("Nope [403 http_403]");
    const html = await apiErrorFrom(new Response("<html>\n<h1>Bad gateway</h1>\n</html>", { status: 502, statusText: "Bad Gateway" }), "http://h");
    expect(html.message).toBe("502 Bad Gateway from http://h [502 http_502]");
  });

  it("says how to fix a refused token", async () => {
    const err = await apiErrorFrom(
      new Response(JSON.stringify({ error: { code: "unauthorized", message: "Invalid, expired or revoked token" } }), { status: 401 }),
      "http://h",
    );
    expect(err.message).toContain("modelreg login");
  });

  it("refuses to run a command that needs a login without one", () => {
    expect(() => createClient({ requireLogin: true })).toThrow(/Not logged in/);
  });

  it("splits OWNER/NAME", () => {
    expect(splitProject("acme/fraud")).toEqual({ owner: "acme", project: "fraud" });
    expect(splitProject("fraud", "me")).toEqual({ owner: "me", project: "fraud" });
    expect(() => splitProject("a/b/c")).toThrow(CliError);
  });
});

describe("client", () => {
  let server: http.Server;
  let host: string;
  const seen: { method?: string; url?: string; auth?: string; body: string }[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, body });
        if (req.url?.startsWith("/empty")) return void res.writeHead(204).end();
        if (req.url?.startsWith("/missing")) {
          res.writeHead(404, { "content-type": "application/json" });
          return void res.end(JSON.stringify({ error: { code: "not_found", message: "Model 'acme/x' not found" } }));
        }
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ ok: true, echo: body ? JSON.parse(body) : null }));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    host = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => server.close());

  it("sends the token as Bearer, JSON bodies and query strings", async () => {
    const c = new Client(host, "mr_tok");
    expect(await c.post("/api/v1/x", { a: 1 })).toEqual({ ok: true, echo: { a: 1 } });
    await c.get("/api/v1/list", { limit: 5, query: "name:%a%", empty: "", none: undefined });
    expect(seen.at(-2)).toMatchObject({ method: "POST", auth: "Bearer mr_tok" });
    expect(seen.at(-1)?.url).toBe("/api/v1/list?limit=5&query=name%3A%25a%25");
    expect(await c.delete("/empty")).toBeUndefined();
  });

  it("streams a body without buffering it first", async () => {
    const c = new Client(host);
    async function* chunks() {
      yield new TextEncoder().encode('{"a":');
      yield new TextEncoder().encode("2}");
    }
    const res = await c.fetch("PUT", "/upload", { body: chunks(), headers: { "content-type": "application/octet-stream" } });
    expect(await res.json()).toEqual({ ok: true, echo: { a: 2 } });
    expect(seen.at(-1)?.auth).toBeUndefined();
  });

  it("an error answer becomes an ApiError; an unreachable host a one-line CliError", async () => {
    const err = (await new Client(host).get("/missing").catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toBe("Model 'acme/x' not found [404 not_found]");
    const down = (await new Client("http://127.0.0.1:9").get("/x").catch((e: unknown) => e)) as CliError;
    expect(down).toBeInstanceOf(CliError);
    expect(down.message).toMatch(/^Could not reach http:\/\/127\.0\.0\.1:9: /);
  });
});
