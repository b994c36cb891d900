// The TCP peer's address, handed to route handlers, server actions and next-auth as a request header that the
// client cannot forge: installed once per process (instrumentation.ts), it overwrites the header on every
// request the Node HTTP server receives, before Next sees it. Next 16 gives route handlers no socket address
// (no `request.ip`), and the `x-forwarded-for` it fills in is kept as the client sent it when present.
import http from "node:http";
import https from "node:https";

export const PEER_HEADER = "x-modelreg-peer-address";

const MARK = Symbol.for("modelreg.peerAddressHook");
type Marked = { [MARK]?: boolean };

/** True once this process overwrites PEER_HEADER on every request: only then is the header believed. */
export function peerHookInstalled(): boolean {
  return (globalThis as Marked)[MARK] === true;
}

/**
 * Wraps `emit` of Node's HTTP and HTTPS servers: on "request", PEER_HEADER is set to `socket.remoteAddress`
 * (deleted when the socket has none), whatever the client sent under that name. Idempotent.
 */
export function installPeerAddressHook(): void {
  if (peerHookInstalled()) return;
  for (const proto of [http.Server.prototype, https.Server.prototype] as { emit: (...args: unknown[]) => boolean }[]) {
    const original = proto.emit;
    proto.emit = function (this: unknown, event: unknown, ...args: unknown[]) {
      if (event === "request") stamp(args[0] as http.IncomingMessage);
      return original.call(this, event, ...args);
    };
  }
  (globalThis as Marked)[MARK] = true;
}

function stamp(req: http.IncomingMessage) {
  const addr = req.socket?.remoteAddress;
  // Node keeps both the parsed headers and the raw list; Next reads `headers`.
  if (addr) req.headers[PEER_HEADER] = addr;
  else delete req.headers[PEER_HEADER];
}
