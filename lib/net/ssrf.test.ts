import { describe, expect, it } from "vitest";
import { canonicalAddress, parseAllowList, refusalOf, vetWebhookUrl, type LookupAll } from "./ssrf";

const none = parseAllowList("");
const fakeDns =
  (table: Record<string, string[]>): LookupAll =>
  async (host) => {
    const found = table[host];
    if (!found) throw new Error("ENOTFOUND");
    return found.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
const dnsTable = fakeDns({
  "evil.test": ["127.0.0.1"],
  "mixed.test": ["93.184.216.34", "10.0.0.5"],
  "metadata.test": ["169.254.169.254"],
  "v6local.test": ["::1"],
  "good.test": ["93.184.216.34"],
});

/** Each spelling and class the issue names; all must be refused with no allowance. */
export const REFUSED_URLS = [
  "http://127.0.0.1/",
  "http://2130706433/", // decimal
  "http://0177.0.0.1/", // octal
  "http://0x7f.1/", // hex, short form
  "http://0x7f000001/",
  "http://127.1/",
  "http://127.0.0.1./", // trailing dot
  "http://[::1]/",
  "http://[::ffff:127.0.0.1]/", // IPv4-mapped IPv6
  "http://[::ffff:7f00:1]/",
  "http://0.0.0.0/", // unspecified
  "http://[::]/",
  "http://10.1.2.3/", // private
  "http://172.16.0.1/",
  "http://192.168.1.1/",
  "http://100.64.0.1/", // CGNAT
  "http://169.254.169.254/latest/meta-data/", // metadata
  "http://[fd00:ec2::254]/", // metadata (IPv6)
  "http://169.254.1.1/", // link-local
  "http://[fe80::1]/",
  "http://[fc00::1]/", // ULA
  "http://224.0.0.1/", // multicast
  "http://[ff02::1]/",
  "http://255.255.255.255/",
  "http://[::ffff:10.0.0.1]/",
  "http://evil.test/", // resolves to 127.0.0.1
  "http://evil.test./",
  "http://mixed.test/", // one address of several is private
  "http://v6local.test/",
  "ftp://93.184.216.34/", // not http(s)
  "file:///etc/passwd",
  "http://user:pw@93.184.216.34/", // credentials
  "http://nowhere.test/", // does not resolve
];

describe("the SSRF guard", () => {
  it.each(REFUSED_URLS)("refuses %s", async (url) => {
    await expect(vetWebhookUrl(url, { lookup: dnsTable, allow: none })).rejects.toThrow();
  });

  it("accepts public addresses and hostnames, returning the vetted address", async () => {
    await expect(vetWebhookUrl("https://good.test/hook", { lookup: dnsTable, allow: none })).resolves.toMatchObject({ address: "93.184.216.34", family: 4 });
    await expect(vetWebhookUrl("http://93.184.216.34:8080/x", { allow: none })).resolves.toMatchObject({ address: "93.184.216.34" });
    await expect(vetWebhookUrl("http://[2606:4700::1111]/", { allow: none })).resolves.toMatchObject({ address: "2606:4700::1111", family: 6 });
  });

  it("lets an operator allowance open loopback and private ranges, but never the metadata address", async () => {
    const allow = parseAllowList("127.0.0.0/8, 10.0.0.0/8");
    await expect(vetWebhookUrl("http://evil.test:9000/", { lookup: dnsTable, allow })).resolves.toMatchObject({ address: "127.0.0.1" });
    await expect(vetWebhookUrl("http://[::ffff:127.0.0.1]/", { allow })).resolves.toMatchObject({ address: "127.0.0.1", family: 4 });
    expect(refusalOf("10.9.9.9", allow)).toBeNull();
    expect(refusalOf("192.168.0.1", allow)).toMatch(/private/);
    await expect(vetWebhookUrl("http://metadata.test/", { lookup: dnsTable, allow: parseAllowList("169.254.0.0/16") })).rejects.toThrow(/metadata/);
  });

  it("unmaps IPv4-mapped IPv6 addresses", () => {
    expect(canonicalAddress("::ffff:7f00:1")).toBe("127.0.0.1");
    expect(canonicalAddress("[::FFFF:10.0.0.1]")).toBe("10.0.0.1");
    expect(canonicalAddress("2001:4860::8888")).toBe("2001:4860::8888");
  });

  it("rejects a malformed allowance", () => {
    expect(() => parseAllowList("127.0.0.0/33")).toThrow();
    expect(() => parseAllowList("localhost")).toThrow();
  });
});
