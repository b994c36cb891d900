// The client address for rate limits. By default the TCP peer (the header our own server hook sets, see
// peer-address.ts); with MODELREG_TRUST_PROXY=N (N proxies in front, each appending the address it got the
// request from to X-Forwarded-For) the N-th X-Forwarded-For entry from the right. Anything a client can write
// (X-Forwarded-For beyond the trusted hops, X-Real-IP) is never believed.
import { PEER_HEADER, peerHookInstalled } from "./peer-address";

type HeaderBag = Headers | Record<string, string | string[] | undefined> | undefined;

/** The number of trusted proxies: MODELREG_TRUST_PROXY, a whole number; unset, empty or invalid: 0. */
export function trustedProxyCount(env: Record<string, string | undefined> = process.env): number {
  const raw = (env.MODELREG_TRUST_PROXY ?? "").trim();
  if (!/^\d{1,2}$/.test(raw)) return 0;
  return Number(raw);
}

/**
 * The address to rate-limit by, or "unknown" when it cannot be told (the server hook is not installed and no
 * proxy is trusted): every such request then shares one bucket, which fails closed rather than open.
 */
export function clientIp(headers: HeaderBag, opts: { trustProxy?: number; peerTrusted?: boolean } = {}): string {
  const trustProxy = opts.trustProxy ?? trustedProxyCount();
  const peerTrusted = opts.peerTrusted ?? peerHookInstalled();
  const get = (name: string): string | undefined => {
    if (!headers) return undefined;
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const v = headers[name];
    return Array.isArray(v) ? v.join(",") : v;
  };
  const peer = peerTrusted ? get(PEER_HEADER)?.trim() || undefined : undefined;
  if (trustProxy > 0) {
    const hops = (get("x-forwarded-for") ?? "")
      .split(",")
      .map((h) => h.trim())
      .filter(Boolean);
    // Fewer hops than proxies: the request did not come through all of them; fall back to the peer.
    const hop = hops.length >= trustProxy ? hops[hops.length - trustProxy] : undefined;
    if (hop) return normalise(hop);
  }
  return peer ? normalise(peer) : "unknown";
}

/** `::ffff:1.2.3.4` (IPv4 on a dual-stack socket) is 1.2.3.4; IPv6 in lower case. */
function normalise(addr: string): string {
  const a = addr.toLowerCase();
  return a.startsWith("::ffff:") && a.includes(".") ? a.slice(7) : a;
}
