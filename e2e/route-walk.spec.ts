// DESIGN §8: walks every REST route the app has (found on disk, so a new route fails until it has an
// expected answer here), signed out and as an outsider, against real things of a private model — a
// version, its file and a run that exist, created by the owner for this walk — and private org data.
// Every answer is the one expected status (404 for everything of the private model, 401/403 for the
// organization's private data), never a 500, and no answer carries private data.
import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "./fixtures";
import { DEMO_PASSWORD, unique } from "./helpers";

const API_DIR = path.join(process.cwd(), "lib", "api", "routes", "v1");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;
type Who = "signed out" | "outsider";

/** Routes that are public by design (no caller, no data). */
const PUBLIC = new Set(["health", "metrics", "installation", "compatibility/[key]/[version]/[service]", "log_handler", "openapi.json", "auth/token"]);

function routes(): { route: string; methods: string[] }[] {
  const out: { route: string; methods: string[] }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name === "route.ts") {
        const src = fs.readFileSync(p, "utf8");
        const methods = METHODS.filter((m) =>
          new RegExp(`export\\s+(async\\s+)?(function|const)\\s+${m}\\b|\\bas\\s+${m}\\b|export\\s+const\\s+\\{[^}]*\\b${m}\\b[^}]*\\}`).test(src),
        );
        out.push({ route: path.relative(API_DIR, path.dirname(p)).split(path.sep).join("/"), methods });
      }
    }
  };
  walk(API_DIR);
  return out;
}
const ALL = routes();

/** The private model of this walk and the real things in it. */
type World = { model: string; version: string; run: string; file: string; secret: string; hook: string; delivery: string };

async function tokenFor(request: APIRequestContext, username: string): Promise<string> {
  const res = await request.post("/api/v1/auth/token", { data: { username, password: DEMO_PASSWORD, name: unique("e2e route walk ") } });
  expect(res.status()).toBe(201);
  return (await res.json()).token;
}

async function privateWorld(request: APIRequestContext): Promise<World> {
  const auth = { authorization: `Bearer ${await tokenFor(request, "demo")}` };
  const secret = unique("walksecret");
  const model = unique("walk-");
  let res = await request.post("/api/v1/acme/projects/create", { headers: auth, data: { name: model, description: secret } });
  expect(res.status(), await res.text()).toBe(201);
  res = await request.post(`/api/v1/acme/${model}/versions/model`, { headers: auth, data: { name: "v1", description: secret } });
  expect(res.status(), await res.text()).toBe(201);
  res = await request.put(`/api/v1/acme/${model}/versions/model/v1/files/weights/model.bin`, {
    headers: { ...auth, "content-type": "application/octet-stream" },
    data: Buffer.from(secret),
  });
  expect(res.status(), await res.text()).toBe(201);
  res = await request.post(`/api/v1/acme/${model}/runs`, { headers: auth, data: { name: secret } });
  expect(res.status(), await res.text()).toBe(201);
  const run = (await res.json()).uuid as string;
  res = await request.put(`/api/v1/acme/${model}/aliases/champion`, { headers: auth, data: { version: "v1" } });
  expect(res.status(), await res.text()).toBe(201);
  // A webhook of the private model, with a delivery (the e2e server allows loopback targets; none listens on 9).
  res = await request.post(`/api/v1/acme/${model}/webhooks`, { headers: auth, data: { url: "http://127.0.0.1:9/walk", events: ["*"], description: secret } });
  expect(res.status(), await res.text()).toBe(201);
  const hook = String((await res.json()).id);
  res = await request.post(`/api/v1/acme/${model}/webhooks/${hook}/ping`, { headers: auth });
  expect(res.status(), await res.text()).toBe(202);
  const delivery = String((await res.json()).delivery);
  return { model, version: "v1", run, file: "weights/model.bin", secret, hook, delivery };
}

/** The URL of a route with real values of the private model and of acme's private data. */
function urlOf(route: string, w: World): string {
  const values: Record<string, string> = {
    owner: "acme",
    org: "acme",
    project: w.model,
    kind: "model",
    name: w.version,
    uuid: w.run,
    path: w.file,
    team: "vision",
    username: "bob",
    alias: "champion",
    id: w.hook,
    delivery: w.delivery,
  };
  if (route === "search") return `/api/v1/search?q=${encodeURIComponent(w.model)}`;
  return `/api/v1/${route
    .split("/")
    .map((s) => {
      const m = /^\[(?:\.\.\.)?([^\]]+)\]$/.exec(s);
      if (!m) return s;
      if (!(m[1] in values)) throw new Error(`route-walk: no value for segment ${s} of ${route}`);
      return values[m[1]];
    })
    .join("/")}`;
}

/** A valid body per route, so that what answers is the permission check, not validation. */
function bodyOf(route: string, w: World): unknown {
  if (route.endsWith("/stages")) return { condition: { type: "staging" } };
  if (route.endsWith("/copy") || route.endsWith("/transfer")) return { project: w.model, name: "copy" };
  if (route.endsWith("/promote")) return { project: `acme/${w.model}` };
  if (route.endsWith("/stages/approve") || route.endsWith("/stages/reject") || route.endsWith("/stages/withdraw")) return {};
  if (route === "orgs/[org]/members") return { user: "dave", role: "owner" };
  if (route === "orgs/[org]/members/[username]" || route === "orgs/[org]/teams/[team]/members/[username]") return { role: "admin" };
  if (route === "orgs/[org]/teams") return { name: unique("walkteam") };
  if (route === "orgs/[org]/teams/[team]" || route === "orgs/[org]") return { description: "pwned" };
  if (route === "orgs") return { name: unique("walkorg") };
  if (route.endsWith("/webhooks") || route.endsWith("/webhooks/[id]")) return { url: "http://127.0.0.1:9/pwned", events: ["*"], description: "pwned" };
  if (route.endsWith("/aliases/[alias]")) return { version: w.version };
  if (route === "[owner]/projects/create") return { name: unique("walkmodel") };
  return { name: "pwned", description: "pwned", tags: ["pwned"] };
}

/** The one right answer for each route and caller. */
function expected(route: string, method: string, who: Who): number {
  // Everything of the private model is invisible to both callers.
  if (route.startsWith("[owner]/[project]")) return 404;
  const refused = who === "signed out" ? 401 : 403;
  switch (`${method} ${route}`) {
    case "GET search": // finds nothing of the private model (the walk searches for its secret)
    case "GET orgs/[org]/deployed": // acme's public models only: never the private one
    case "GET orgs/[org]/recent": // changes of acme's public models only: never the private one's
    case "GET [owner]/projects/list":
    case "GET orgs/[org]": // organizations are visible to everyone
      return 200;
    case "GET orgs":
    case "GET users":
    case "GET requests": // the caller's own inbox (empty for an outsider)
      return who === "signed out" ? 401 : 200; // the caller's own organizations and profile
    case "POST orgs":
      return who === "signed out" ? 401 : 201; // anyone signed in may found an organization
    default:
      return refused; // acme's members, teams, activity, settings, models: not theirs
  }
}

test("the walk finds the routes", () => {
  expect(ALL.length).toBeGreaterThan(20);
  for (const r of ALL) expect(r.methods.length, r.route).toBeGreaterThan(0);
});

test("every API route, signed out and as an outsider, on real ids of a private model: the one expected answer, no private data", async ({ request }) => {
  test.setTimeout(120_000);
  const w = await privateWorld(request);
  // What only private data holds (a 404 may echo the name the caller sent; a success may not carry it).
  const privateWords = [w.secret, "vision-classifier", "bob@example.com", "carol@example.com"];
  const outsider = { authorization: `Bearer ${await tokenFor(request, "dave")}` };
  const wrong: string[] = [];
  for (const who of ["signed out", "outsider"] as const) {
    for (const r of ALL) {
      if (PUBLIC.has(r.route)) continue;
      const url = urlOf(r.route, w);
      for (const method of r.methods) {
        const hasBody = !["GET", "HEAD", "DELETE"].includes(method);
        const res = await request.fetch(url, {
          method,
          headers: { ...(who === "outsider" ? outsider : {}), "content-type": "application/json" },
          data: hasBody ? JSON.stringify(bodyOf(r.route, w)) : undefined,
          maxRedirects: 0,
        });
        const status = res.status();
        const want = expected(r.route, method, who);
        const body = method === "HEAD" ? "" : await res.text();
        if (status !== want) wrong.push(`${method} ${url} (${who}) → ${status}, expected ${want}: ${body.slice(0, 160)}`);
        for (const word of status < 300 ? [...privateWords, w.model, w.run] : privateWords) {
          if (body.includes(word)) wrong.push(`${method} ${url} (${who}) → ${status} leaks '${word}'`);
        }
      }
    }
  }
  expect(wrong).toEqual([]);
  // and the private model is untouched: its version, file and run are all still there for its owner
  const auth = { authorization: `Bearer ${await tokenFor(request, "demo")}` };
  expect((await request.get(`/api/v1/acme/${w.model}/versions/model/v1/files/${w.file}`, { headers: auth })).status()).toBe(200);
  expect((await request.get(`/api/v1/acme/${w.model}/runs/${w.run}`, { headers: auth })).status()).toBe(200);
  const v = await request.get(`/api/v1/acme/${w.model}/versions/model/v1`, { headers: auth });
  expect(v.status()).toBe(200);
  expect(await v.json()).toMatchObject({ name: "v1", description: w.secret, stage: "testing" });
});
