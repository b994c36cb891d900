// The route table served from node:http: a request whose path is in the table (lib/api/routes) is answered
// here, with no Next pipeline in between; anything else goes to `fallback` (Next's request handler, for pages,
// server actions, next-auth and static files). Used by the production server (server/main.ts) and by tests
// (serveRoutesForTest) so both run exactly this code.
import type http from "node:http";
import { Readable } from "node:stream";
import { PEER_HEADER } from "@/lib/auth/peer-address";
import { LENGTH_HEADER } from "@/lib/storage/content-length";
import { startRequest } from "./metrics";
import { dispatch, rawPathname, type DispatchInfo, type Router } from "./router";

/** The metrics label of everything Next answers (pages, actions, next-auth, assets). */
const PAGE_ROUTE = "(page)";

type Fallback = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/** Whether the router could answer this path: in the table, or under /api/ (but not next-auth's /api/auth/). */
function ours(router: Router, pathname: string): boolean {
  if (pathname.startsWith("/api/auth/")) return false;
  if (pathname.startsWith("/api/")) return true;
  try {
    return router.match(pathname) !== null;
  } catch {
    return false; // a broken escape in a page path: the proxy answers it
  }
}

/** The Web Request of a Node request: the URL from Host (a plain host[:port] only), headers, a streamed body. */
export function toWebRequest(req: http.IncomingMessage): Request {
  const hostHeader = req.headers.host ?? "";
  const host = HOST.test(hostHeader) ? hostHeader : "localhost";
  const forwarded = String(req.headers["x-forwarded-proto"] ?? "")
    .split(",")[0]
    .trim();
  const proto = forwarded === "https" || (req.socket as { encrypted?: boolean }).encrypted ? "https" : "http";
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (name === PEER_HEADER) continue;
    try {
      headers.append(name, raw[i + 1]);
    } catch {
      // a value Headers refuses (bytes above U+00FF): dropped, as a proxy would
    }
  }
  const peer = req.socket?.remoteAddress;
  if (peer) headers.set(PEER_HEADER, peer);
  const method = req.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  return new Request(`${proto}://${host}${req.url ?? "/"}`, {
    method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    // @ts-expect-error -- undici needs `duplex` for a streamed request body; lib.dom does not know it yet
    duplex: hasBody ? "half" : undefined,
  });
}

/** Writes a Web Response to a Node response, streaming its body with back-pressure; stops when the client goes. */
export async function writeWebResponse(res: Response, out: http.ServerResponse, withBody = true): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  res.headers.forEach((value, name) => {
    if (name === LENGTH_HEADER || name === "set-cookie") return;
    headers[name] = value;
  });
  const cookies = res.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies;
  out.writeHead(res.status, res.statusText || undefined, headers);
  if (!res.body || !withBody) {
    if (res.body) await res.body.cancel().catch(() => {});
    out.end();
    return;
  }
  const reader = res.body.getReader();
  let gone = false;
  const onClose = () => {
    gone = true;
    reader.cancel().catch(() => {});
  };
  out.once("close", onClose);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || gone) break;
      if (!out.write(value)) {
        await new Promise<void>((resolve) => {
          const go = () => {
            out.off("drain", go);
            out.off("close", go);
            resolve();
          };
          out.on("drain", go);
          out.on("close", go);
        });
      }
    }
    if (!gone) out.end();
  } catch {
    // the body failed mid-stream (a storage error after the headers went out): cut the connection so the
    // client sees an incomplete answer, never a silently short file
    out.destroy();
  } finally {
    out.off("close", onClose);
  }
}

/** A node:http request listener: the table's routes, then `fallback` (or a 404) for the rest. */
export function routeListener(router: Router, fallback?: Fallback) {
  return async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const pathname = rawPathname(`http://x${req.url ?? "/"}`);
    // Counted and timed until the answer is written (or the client goes away): per route pattern, pages as one.
    const done = startRequest(req.method ?? "GET");
    const info: DispatchInfo = {};
    res.once("close", () => done(info.route ?? PAGE_ROUTE, res.statusCode));
    if (!ours(router, pathname)) {
      if (fallback) return fallback(req, res);
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found\n");
      return;
    }
    let answer: Response | null;
    try {
      answer = await dispatch(router, toWebRequest(req), pathname, info);
    } catch (err) {
      console.error("API dispatch failed:", err);
      answer = Response.json({ detail: "Internal error", error: { code: "internal", message: "Internal error" } }, { status: 500 });
    }
    if (!answer) {
      info.route = undefined;
      if (fallback) return fallback(req, res);
      answer = new Response("Not found\n", { status: 404 });
    }
    await writeWebResponse(answer, res, req.method !== "HEAD");
  };
}
