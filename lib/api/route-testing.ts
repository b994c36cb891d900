// Calling REST route handlers in-process, against a test database, with no server: for API tests.
// useDbForRoutes() points getDb() at the test database (its process-wide slot), and callRoute()
// builds the Request and the `{params}` context Next would pass.
import type { DB } from "@/db";

type Handler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response> | Response;

export function useDbForRoutes(db: DB): void {
  (globalThis as unknown as { __modelregDb?: Promise<{ db: DB; close: () => Promise<void> }> }).__modelregDb = Promise.resolve({
    db,
    close: async () => {},
  });
}

export type RouteAnswer = { status: number; text: string; json: unknown; headers: Headers };

export async function callRoute<P extends object>(
  handler: Handler<P>,
  opts: { method?: string; path: string; params?: P; token?: string; body?: unknown; headers?: Record<string, string> },
): Promise<RouteAnswer> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
    headers["content-type"] = "application/json";
  }
  const req = new Request(`http://modelreg.test${opts.path}`, { method: opts.method ?? "GET", headers, body });
  const res = await handler(req, { params: Promise.resolve((opts.params ?? {}) as P) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, text, json, headers: res.headers };
}

/** A request through the whole route table, in-process, as the server would dispatch it. */
export async function callPath(opts: {
  method?: string;
  path: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}): Promise<RouteAnswer> {
  const { dispatch } = await import("./router");
  const { router } = await import("./routes");
  return callRoute(async (req) => (await dispatch(router, req)) ?? new Response("not ours", { status: 404 }), opts);
}

/**
 * A real node:http server on 127.0.0.1 (an ephemeral port) serving the whole route table — the production
 * server's own listener, without Next — on the database set with useDbForRoutes(). For driving real clients.
 */
export async function serveRoutesForTest(
  opts: { onRequest?: (req: import("node:http").IncomingMessage) => void } = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const http = await import("node:http");
  const { routeListener } = await import("./node-server");
  const { router } = await import("./routes");
  const listener = routeListener(router);
  const server = http.createServer((req, res) => {
    opts.onRequest?.(req);
    return listener(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
