// The CLI as an installed package runs it: the one-file bundle (scripts/build-cli.mjs), copied alone into an
// empty directory — no node_modules, no tsx — and run with plain Node against a recording HTTP server.
import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error — a plain ES module script without types
import { buildCli } from "../scripts/build-cli.mjs";

const run = promisify(execFile);
let dir: string;
let bundle: string;
let inputs: string[];
let server: http.Server;
let host: string;
const seen: string[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mr-cli-bundle-"));
  const built = await buildCli(path.join(dir, "build", "modelreg.mjs"));
  inputs = built.inputs;
  // Alone in a directory of its own: nothing to resolve packages from.
  bundle = path.join(dir, "alone", "modelreg.mjs");
  fs.mkdirSync(path.dirname(bundle));
  fs.copyFileSync(built.outfile, bundle);
  server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ""}`);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        count: 1,
        next: null,
        previous: null,
        results: [
          {
            uuid: "0b5e3c2a-1111-4222-8333-944455556666",
            name: "v7",
            stage: "production",
            tags: [],
            description: "",
            created_at: "2026-01-01T00:00:00.000Z",
            updated_at: "2026-01-01T00:00:00.000Z",
          },
        ],
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  host = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}, 60_000);
afterAll(() => {
  server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const cli = (...args: string[]) =>
  run(process.execPath, [bundle, ...args], {
    cwd: path.dirname(bundle),
    env: {
      NODE_ENV: "production",
      PATH: process.env.PATH ?? "",
      HOME: dir,
      MODELREG_CONFIG_DIR: path.join(dir, "config"),
      MODELREG_HOST: host,
      MODELREG_TOKEN: "mr_bundle",
    },
  });

describe("the bundled CLI", () => {
  it("holds the CLI's own sources and commander, and no server module", () => {
    const ours = inputs.filter((f) => !f.includes("node_modules/"));
    expect(ours.length).toBeGreaterThan(5);
    for (const f of ours) expect(f).toMatch(/^(cli\/|<stdin>|modelreg-entry)/);
    expect(inputs.some((f) => f.includes("node_modules/commander/"))).toBe(true);
  });

  it("runs with plain Node from an empty directory: --version, --help and a real call", async () => {
    expect((await cli("--version")).stdout.trim()).toBe("0.1.0");
    const help = (await cli("--help")).stdout;
    expect(help).toContain("models|model");
    expect(help.match(/^Usage:/gm)).toHaveLength(1);
    const ls = await cli("models", "ls", "-p", "acme/fraud");
    expect(ls.stdout).toContain("v7");
    expect(seen.some((s) => s.startsWith("GET /api/v1/acme/fraud/versions/model") && s.endsWith("Bearer mr_bundle"))).toBe(true);
  });

  it("a failing call is one line on stderr and exit code 1", async () => {
    const err = await cli("models", "ls").then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(1);
    expect(err?.stderr.trim().split("\n")).toHaveLength(1);
  });
});
