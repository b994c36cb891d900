// DESIGN §8: walks every REST route the app has (found on disk, so a new route is covered the day it
// lands), signed out and as an outsider, against the private model acme/churn and private org data.
// No answer may be a success that carries private data, and none may be a 500.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD } from "./helpers";

const API_DIR = path.join(process.cwd(), "app", "api", "v1");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Values for dynamic segments that point at private things of acme. */
const SEGMENTS: Record<string, string> = {
  owner: "acme",
  org: "acme",
  project: "churn",
  kind: "model",
  name: "v1",
  version: "v1",
  team: "vision",
  username: "bob",
  uuid: "00000000-0000-4000-8000-000000000000",
  path: "weights/model.bin",
  key: "modelreg",
  service: "cli",
  id: "1",
};
/** Routes that are public by design, and what they may answer. */
const PUBLIC = new Set(["health", "installation", "compatibility/[key]/[version]/[service]", "log_handler", "openapi.json", "auth/token"]);
// Strings that only private data holds (acme's public description mentions churn, so the project name alone is no proof).
const PRIVATE_WORDS = ["acme/churn", "\"churn\"", "vision-classifier", "bob@example.com", "carol@example.com"];

function routes(): { route: string; url: string; methods: string[] }[] {
  const out: { route: string; url: string; methods: string[] }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name === "route.ts") {
        const src = fs.readFileSync(p, "utf8");
        const methods = METHODS.filter((m) => new RegExp(`export\\s+(async\\s+)?(function|const)\\s+${m}\\b|\\bas\\s+${m}\\b`).test(src));
        const route = path.relative(API_DIR, path.dirname(p)).split(path.sep).join("/");
        const url =
          "/api/v1/" +
          route
            .split("/")
            .map((s) => {
              const m = /^\[(?:\.\.\.)?([^\]]+)\]$/.exec(s);
              return m ? SEGMENTS[m[1]] ?? "x" : s;
            })
            .join("/");
        out.push({ route, url, methods });
      }
    }
  };
  walk(API_DIR);
  return out;
}

const ALL = routes();

test("the walk finds the routes", () => {
  expect(ALL.length).toBeGreaterThan(3);
});

for (const who of ["signed out", "outsider"] as const) {
  test(`every API route, ${who}: no private data, no 500`, async ({ request }) => {
    let auth: Record<string, string> = {};
    if (who === "outsider") {
      const res = await request.post("/api/v1/auth/token", { data: { username: "dave", password: DEMO_PASSWORD } });
      expect(res.status()).toBeLessThan(300);
      auth = { Authorization: `Bearer ${(await res.json()).token}` };
    }
    for (const r of ALL) {
      if (PUBLIC.has(r.route)) continue;
      for (const method of r.methods) {
        const res = await request.fetch(r.url, {
          method,
          headers: { ...auth, "content-type": "application/json" },
          data: method === "GET" || method === "HEAD" || method === "DELETE" ? undefined : JSON.stringify({ name: "x", role: "owner", user: "dave", project: "acme/churn" }),
          maxRedirects: 0,
        });
        const status = res.status();
        const label = `${method} ${r.url} (${who}) → ${status}`;
        expect(status, label).not.toBe(500);
        const body = method === "HEAD" ? "" : await res.text();
        if (status < 300) {
          for (const w of PRIVATE_WORDS) expect(body.includes(w), `${label} leaks '${w}'`).toBe(false);
        }
        // writes never succeed for these callers
        if (method !== "GET" && method !== "HEAD") expect(status, label).toBeGreaterThanOrEqual(400);
      }
    }
  });
}
