// The one route table of every machine surface (REST /api/v1, and the protocol surfaces), matched without Next:
// `dispatch()` takes a Web Request and answers it, or returns null when no route is ours (a page: Next's).
// lib/api/node-server.ts serves it from node:http in front of Next; tests call it in-process.
//
// Path syntax: `:x` one segment, percent-decoded; `*x` one or more remaining segments (string[], each decoded);
// `*x?` zero or more. Static segments win over parameters, which win over catch-alls (backtracking when a
// branch leads nowhere). A trailing slash is ignored. GET answers HEAD (without a body) unless HEAD is given.
import { InvalidError } from "@/lib/registry/errors";
import { SECURITY_HEADERS } from "@/lib/security-headers";
import { errorResponse } from "./errors";

export const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;
export type Method = (typeof METHODS)[number];
// biome-ignore lint/suspicious/noExplicitAny: each route module types its own params
export type RouteHandler = (req: Request, ctx: { params: Promise<any> }) => Promise<Response> | Response;
export type RouteModule = Partial<Record<Method, RouteHandler>>;
export type RouteEntry = { path: string; module: RouteModule };

type Params = Record<string, string | string[]>;
type Node = {
  static: Map<string, Node>;
  param?: { name: string; node: Node };
  rest?: { name: string; optional: boolean; entry: RouteEntry };
  entry?: RouteEntry;
};

const newNode = (): Node => ({ static: new Map() });

export type Router = {
  /** The route for a path (already split into raw, still-encoded segments) and its decoded parameters. */
  match(pathname: string): { entry: RouteEntry; params: Params } | null;
  entries: readonly RouteEntry[];
};

export function createRouter(entries: readonly RouteEntry[]): Router {
  const root = newNode();
  for (const entry of entries) {
    const segs = splitPath(entry.path);
    let node = root;
    segs.forEach((seg, i) => {
      if (seg.startsWith("*")) {
        if (i !== segs.length - 1) throw new Error(`${entry.path}: a catch-all must be the last segment`);
        if (node.rest) throw new Error(`${entry.path}: two catch-alls at one place`);
        const optional = seg.endsWith("?");
        node.rest = { name: seg.slice(1, optional ? -1 : undefined), optional, entry };
        return;
      }
      if (seg.startsWith(":")) {
        const name = seg.slice(1);
        if (node.param && node.param.name !== name) throw new Error(`${entry.path}: :${name} beside :${node.param.name}`);
        node.param ??= { name, node: newNode() };
        node = node.param.node;
      } else {
        let next = node.static.get(seg);
        if (!next) node.static.set(seg, (next = newNode()));
        node = next;
      }
      if (i === segs.length - 1) {
        if (node.entry) throw new Error(`${entry.path}: declared twice`);
        node.entry = entry;
      }
    });
    if (segs.length === 0) root.entry = entry;
  }

  function walk(node: Node, segs: string[], i: number, params: Params): RouteEntry | null {
    if (i === segs.length) {
      if (node.entry) return node.entry;
      if (node.rest?.optional) {
        params[node.rest.name] = [];
        return node.rest.entry;
      }
      return null;
    }
    const seg = segs[i];
    const exact = node.static.get(seg);
    if (exact) {
      const found = walk(exact, segs, i + 1, params);
      if (found) return found;
    }
    if (node.param) {
      const found = walk(node.param.node, segs, i + 1, params);
      if (found) {
        params[node.param.name] = decodeSegment(seg);
        return found;
      }
    }
    if (node.rest) {
      params[node.rest.name] = segs.slice(i).map(decodeSegment);
      return node.rest.entry;
    }
    return null;
  }

  return {
    entries,
    match(pathname) {
      const segs = splitPath(pathname);
      const params: Params = {};
      const entry = walk(root, segs, 0, params);
      return entry ? { entry, params } : null;
    },
  };
}

function splitPath(p: string): string[] {
  const segs = p.split("/");
  if (segs[0] === "") segs.shift();
  if (segs.length && segs[segs.length - 1] === "") segs.pop();
  return segs;
}

/** A segment's decoded text; a broken escape (`%ZZ`, bytes that are not UTF-8) is a 400, as the proxy does for pages. */
function decodeSegment(seg: string): string {
  if (!seg.includes("%")) return seg;
  try {
    return decodeURIComponent(seg);
  } catch {
    throw InvalidError.field("path", "is not valid percent-encoded UTF-8");
  }
}

/** Paths under /api/ that are not ours even when no route matches: next-auth's. Everything else under /api/ is. */
function ownsPrefix(pathname: string): boolean {
  return pathname.startsWith("/api/") && !pathname.startsWith("/api/auth/");
}

function withSecurityHeaders(res: Response): Response {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) if (!res.headers.has(k)) res.headers.set(k, v);
  return res;
}

function notFound(): Response {
  const message = "No such API route.";
  return Response.json({ detail: message, error: { code: "not_found", message } }, { status: 404 });
}

/** What dispatch tells its caller besides the answer: the pattern of the route that matched (for metrics, logs). */
export type DispatchInfo = { route?: string };
/** The route label of a path that matched no route (bad escapes included). */
export const NO_ROUTE = "(no route)";

/**
 * Answers `req` from the table, or null when the path is not ours (Next answers it). Parameters reach the handler
 * as Next would pass them (`{ params: Promise<…> }`), so handlers are plain Web functions.
 */
export async function dispatch(router: Router, req: Request, pathname = rawPathname(req.url), info: DispatchInfo = {}): Promise<Response | null> {
  if (pathname.startsWith("/api/auth/")) return null;
  let matched: ReturnType<Router["match"]>;
  info.route = NO_ROUTE;
  try {
    matched = router.match(pathname);
  } catch (err) {
    return ownsPrefix(pathname) ? withSecurityHeaders(errorResponse(err)) : null;
  }
  if (!matched) return ownsPrefix(pathname) ? withSecurityHeaders(notFound()) : null;
  const { entry, params } = matched;
  info.route = entry.path;
  const method = req.method.toUpperCase() as Method;
  let handler = entry.module[method];
  let dropBody = false;
  if (!handler && method === "HEAD" && entry.module.GET) {
    handler = entry.module.GET;
    dropBody = true;
  }
  if (!handler) {
    const allow = allowed(entry.module);
    if (method === ("OPTIONS" as Method)) return withSecurityHeaders(new Response(null, { status: 204, headers: { allow } }));
    const message = `${req.method} is not allowed here; use ${allow}.`;
    return withSecurityHeaders(Response.json({ detail: message, error: { code: "method_not_allowed", message } }, { status: 405, headers: { allow } }));
  }
  let res: Response;
  try {
    res = await handler(req, { params: Promise.resolve(params) });
  } catch (err) {
    res = errorResponse(err);
  }
  if (dropBody && res.body) {
    await res.body.cancel().catch(() => {});
    res = new Response(null, { status: res.status, statusText: res.statusText, headers: res.headers });
  }
  return withSecurityHeaders(res);
}

function allowed(module: RouteModule): string {
  const methods = METHODS.filter((m) => module[m] || (m === "HEAD" && module.GET));
  return [...methods, "OPTIONS"].join(", ");
}

/** The path of a URL as sent (still percent-encoded), without the query. */
export function rawPathname(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  if (start < 0) return "/";
  let end = url.length;
  const q = url.indexOf("?", start);
  if (q >= 0) end = q;
  const h = url.indexOf("#", start);
  if (h >= 0 && h < end) end = h;
  return url.slice(start, end);
}
