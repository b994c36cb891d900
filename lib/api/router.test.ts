import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createRouter, dispatch, rawPathname, type RouteModule } from "./router";
import { v1Routes } from "./routes/v1";

const echo = (name: string): RouteModule => ({
  GET: async (_req, ctx) => Response.json({ name, params: await ctx.params }),
});

describe("createRouter", () => {
  const r = createRouter([
    { path: "/api/v1/:owner/:project", module: echo("project") },
    { path: "/api/v1/:owner/projects/list", module: echo("list") },
    { path: "/api/v1/orgs/:org", module: echo("org") },
    { path: "/api/v1/:owner/:project/files/*path", module: echo("file") },
    { path: "/api/models/:owner/:model/tree/:rev/*path?", module: echo("tree") },
    { path: "/:owner/:model/resolve/:rev/*path", module: echo("resolve") },
  ]);
  const m = (p: string) => {
    const found = r.match(p);
    return found && { name: (found.entry.module.GET as unknown as { name?: string }) && found.entry.path, params: found.params };
  };

  it("prefers static segments over parameters and backtracks when a static branch leads nowhere", () => {
    expect(m("/api/v1/acme/projects/list")?.name).toBe("/api/v1/:owner/projects/list");
    expect(m("/api/v1/acme/projects")?.params).toEqual({ owner: "acme", project: "projects" });
    expect(m("/api/v1/orgs/acme")?.params).toEqual({ org: "acme" });
    expect(m("/api/v1/orgs/acme/x")).toBeNull();
  });

  it("decodes each segment, so an escaped slash stays inside one parameter", () => {
    expect(m("/api/models/acme/fraud/tree/refs%2Fpr%2F1")?.params).toEqual({ owner: "acme", model: "fraud", rev: "refs/pr/1", path: [] });
    expect(m("/api/v1/a%20b/c/files/dir/x%2Fy.txt")?.params).toEqual({ owner: "a b", project: "c", path: ["dir", "x/y.txt"] });
  });

  it("ignores a trailing slash; a required catch-all needs a segment; an optional one takes none", () => {
    expect(m("/api/v1/orgs/acme/")?.params).toEqual({ org: "acme" });
    expect(m("/api/v1/acme/p/files")).toBeNull();
    expect(m("/api/models/acme/fraud/tree/main/a/b")?.params.path).toEqual(["a", "b"]);
    expect(m("/acme/fraud/resolve/main/config.json")?.params).toEqual({ owner: "acme", model: "fraud", rev: "main", path: ["config.json"] });
    expect(m("/acme/fraud/versions")).toBeNull();
  });

  it("refuses a table with a path declared twice", () => {
    expect(() =>
      createRouter([
        { path: "/a/:x", module: {} },
        { path: "/a/:x", module: {} },
      ]),
    ).toThrow(/twice/);
  });

  it("throws a 400 (invalid) for a broken escape in a parameter", () => {
    expect(() => r.match("/api/v1/orgs/%E0%A4%A")).toThrow(/percent-encoded/);
  });
});

describe("dispatch", () => {
  const r = createRouter([{ path: "/api/v1/orgs/:org", module: echo("org") }]);
  const call = (method: string, p: string) => dispatch(r, new Request(`http://x${p}`, { method }));

  it("answers routes with the security headers, HEAD from GET without a body, 405 with Allow", async () => {
    const ok = (await call("GET", "/api/v1/orgs/acme"))!;
    expect(await ok.json()).toEqual({ name: "org", params: { org: "acme" } });
    expect(ok.headers.get("x-content-type-options")).toBe("nosniff");
    const head = (await call("HEAD", "/api/v1/orgs/acme"))!;
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
    const post = (await call("POST", "/api/v1/orgs/acme"))!;
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
  });

  it("answers an unknown /api/ path with a JSON 404, leaves pages and next-auth to Next", async () => {
    const nf = (await call("GET", "/api/v1/nope/a/b/c/d/e/f"))!;
    expect(nf.status).toBe(404);
    expect(((await nf.json()) as { error: { code: string } }).error.code).toBe("not_found");
    expect(await call("GET", "/acme/fraud")).toBeNull();
    expect(await call("GET", "/api/auth/session")).toBeNull();
  });

  it("answers a broken escape under /api/ with a 400 naming the path", async () => {
    const bad = (await call("GET", "/api/v1/orgs/%ZZ"))!;
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("percent-encoded");
  });
});

describe("rawPathname", () => {
  it("keeps the escapes and drops the query and fragment", () => {
    expect(rawPathname("http://h:1/a%2Fb/c?x=1#f")).toBe("/a%2Fb/c");
    expect(rawPathname("http://h")).toBe("/");
  });
});

describe("the v1 table", () => {
  it("lists every route module under lib/api/routes/v1 once, at the path its folders spell", () => {
    const root = path.join(import.meta.dirname, "routes", "v1");
    const onDisk = fs
      .readdirSync(root, { recursive: true, encoding: "utf8" })
      .filter((f) => path.basename(f) === "route.ts")
      .map((f) => `/api/v1${path.dirname(f) === "." ? "" : `/${path.dirname(f).split(path.sep).join("/")}`}`)
      .map((p) => p.replace(/\[\.\.\.([^\]]+)\]/g, "*$1").replace(/\[([^\]]+)\]/g, ":$1"))
      .sort();
    expect(v1Routes.map((e) => e.path).sort()).toEqual(onDisk);
  });
});
