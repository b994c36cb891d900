// The SSRF guard of outgoing webhook requests: which URLs and addresses may be called, and the one vetted
// address a request must then connect to (no second DNS lookup, so a rebinding DNS answer cannot switch it).
// Spellings of IPv4 (decimal 2130706433, octal 0177.0.0.1, hex 0x7f.1, short 127.1, trailing dots) are
// normalised by the WHATWG URL parser; the checks use Node's net.BlockList on the canonical address.
import dns from "node:dns";
import net from "node:net";

export class SsrfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SsrfError";
  }
}

/** Refused IPv4 ranges: unspecified/this network, private, CGNAT, loopback, link-local (metadata), reserved, multicast. */
const BLOCKED_V4: [string, number][] = [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
];
/** Refused IPv6 ranges: unspecified, loopback and IPv4-compatible, NAT64, discard, 6to4, documentation, ULA (fd00:ec2::254), link-local, multicast. */
const BLOCKED_V6: [string, number][] = [
  ["::", 96],
  ["64:ff9b::", 96],
  ["64:ff9b:1::", 48],
  ["100::", 64],
  ["2001:db8::", 32],
  ["2002::", 16],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
];
/** Cloud metadata endpoints: refused even when an operator allowance covers them. */
const METADATA = ["169.254.169.254", "fd00:ec2::254", "100.100.100.200"];

const blocked = new net.BlockList();
for (const [a, p] of BLOCKED_V4) blocked.addSubnet(a, p, "ipv4");
for (const [a, p] of BLOCKED_V6) blocked.addSubnet(a, p, "ipv6");
const metadata = new net.BlockList();
for (const a of METADATA) metadata.addAddress(a, net.isIPv6(a) ? "ipv6" : "ipv4");

/** `::ffff:7f00:1` → `127.0.0.1`; other addresses unchanged (brackets removed). */
export function canonicalAddress(address: string): string {
  const a = address.replace(/^\[|\]$/g, "").toLowerCase();
  if (!net.isIPv6(a)) return a;
  const m = /^::ffff:(?:0:)?([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(a);
  if (m) {
    const hi = parseInt(m[1], 16),
      lo = parseInt(m[2], 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  const dotted = /^::ffff:(?:0:)?(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  return dotted ? dotted[1] : a;
}

/** Parses `MODELREG_WEBHOOK_ALLOW` ("10.1.0.0/16, 127.0.0.0/8, ::1/128"); a malformed entry is an error. */
export function parseAllowList(value: string | undefined): net.BlockList {
  const list = new net.BlockList();
  for (const raw of (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [addr, bits] = raw.split("/");
    const family = net.isIPv4(addr) ? "ipv4" : net.isIPv6(addr) ? "ipv6" : null;
    if (!family) throw new Error(`MODELREG_WEBHOOK_ALLOW: '${raw}' is not a CIDR`);
    const prefix = bits === undefined ? (family === "ipv4" ? 32 : 128) : Number(bits);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === "ipv4" ? 32 : 128))
      throw new Error(`MODELREG_WEBHOOK_ALLOW: '${raw}' has a bad prefix`);
    list.addSubnet(addr, prefix, family);
  }
  return list;
}

let envAllow: { value: string | undefined; list: net.BlockList } | undefined;
function allowFromEnv(): net.BlockList {
  const value = process.env.MODELREG_WEBHOOK_ALLOW;
  if (!envAllow || envAllow.value !== value) envAllow = { value, list: parseAllowList(value) };
  return envAllow.list;
}

/** Why an address may not be called, or null when it may. */
export function refusalOf(address: string, allow: net.BlockList = allowFromEnv()): string | null {
  const a = canonicalAddress(address);
  const family = net.isIPv4(a) ? "ipv4" : net.isIPv6(a) ? "ipv6" : null;
  if (!family) return `'${address}' is not an IP address`;
  if (metadata.check(a, family)) return `${a} is a cloud metadata address`;
  if (allow.check(a, family)) return null;
  if (blocked.check(a, family)) return `${a} is a loopback, private, link-local, shared, multicast or reserved address`;
  return null;
}

/** Parses and checks the URL's form: http(s), a host, no credentials. Returns the URL with its hostname normalised. */
export function parseWebhookUrl(input: string): URL {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new SsrfError("is not a valid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new SsrfError("must be an http or https URL");
  if (url.username || url.password) throw new SsrfError("must not carry a user name or password");
  if (!url.hostname) throw new SsrfError("has no host");
  return url;
}

export type LookupAll = (host: string) => Promise<{ address: string; family: number }[]>;
const systemLookup: LookupAll = (host) => dns.promises.lookup(host, { all: true, verbatim: true });

export type VettedTarget = { url: URL; address: string; family: 4 | 6 };

/**
 * Resolves the URL's host (every address) and refuses it when any address is refused. The caller connects
 * to `address` (see `pinnedLookup`), never to a fresh resolution of the name.
 */
export async function vetWebhookUrl(input: string, opts: { lookup?: LookupAll; allow?: net.BlockList } = {}): Promise<VettedTarget> {
  const url = parseWebhookUrl(input);
  const host = url.hostname.replace(/^\[|\]$/g, "").replace(/\.+$/, "");
  if (!host) throw new SsrfError("has no host");
  let addresses: { address: string; family: number }[];
  if (net.isIP(host)) addresses = [{ address: host, family: net.isIPv6(host) ? 6 : 4 }];
  else {
    try {
      addresses = await (opts.lookup ?? systemLookup)(host);
    } catch {
      throw new SsrfError(`host '${host}' does not resolve`);
    }
    if (!addresses.length) throw new SsrfError(`host '${host}' does not resolve`);
  }
  for (const a of addresses) {
    const why = refusalOf(a.address, opts.allow);
    if (why) throw new SsrfError(`refused: ${host === canonicalAddress(a.address) ? why : `${host} resolves to ${why}`}`);
  }
  const first = canonicalAddress(addresses[0].address);
  return { url, address: first, family: net.isIPv6(first) ? 6 : 4 };
}

/** A `lookup` for http.request that answers with the vetted address only (no DNS query at connect time). */
export function pinnedLookup(target: VettedTarget): net.LookupFunction {
  return ((_host: string, options: { all?: boolean }, cb: (...args: unknown[]) => void) => {
    if (typeof options === "function") {
      cb = options;
      options = {};
    }
    if (options?.all) cb(null, [{ address: target.address, family: target.family }]);
    else cb(null, target.address, target.family);
  }) as unknown as net.LookupFunction;
}
