// The address rate limits key on: the TCP peer, or the N-th X-Forwarded-For hop from the right behind N proxies.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { clientIp, trustedProxyCount } from "./ip";
import { PEER_HEADER, installPeerAddressHook, peerHookInstalled } from "./peer-address";

const h = (o: Record<string, string>) => new Headers(o);

describe("trustedProxyCount", () => {
  it("reads MODELREG_TRUST_PROXY as a whole number; anything else is 0", () => {
    expect(trustedProxyCount({})).toBe(0);
    expect(trustedProxyCount({ MODELREG_TRUST_PROXY: "" })).toBe(0);
    expect(trustedProxyCount({ MODELREG_TRUST_PROXY: "0" })).toBe(0);
    expect(trustedProxyCount({ MODELREG_TRUST_PROXY: "2" })).toBe(2);
    expect(trustedProxyCount({ MODELREG_TRUST_PROXY: "true" })).toBe(0);
    expect(trustedProxyCount({ MODELREG_TRUST_PROXY: "-1" })).toBe(0);
  });
});

describe("clientIp", () => {
  const spoofed = { "x-forwarded-for": "6.6.6.6", "x-real-ip": "7.7.7.7" };

  it("with no proxy trusted (0), is the TCP peer: X-Forwarded-For and X-Real-IP are ignored", () => {
    expect(clientIp(h({ ...spoofed, [PEER_HEADER]: "10.0.0.5" }), { trustProxy: 0, peerTrusted: true })).toBe("10.0.0.5");
    expect(clientIp({ ...spoofed, [PEER_HEADER]: "::ffff:10.0.0.5" }, { trustProxy: 0, peerTrusted: true })).toBe("10.0.0.5");
  });

  it("believes the peer header only when this process's server hook writes it", () => {
    expect(clientIp(h({ ...spoofed, [PEER_HEADER]: "1.2.3.4" }), { trustProxy: 0, peerTrusted: false })).toBe("unknown");
    expect(clientIp(h(spoofed), { trustProxy: 0, peerTrusted: true })).toBe("unknown");
  });

  it("behind one proxy (1), is the last X-Forwarded-For hop: what the client wrote before it is ignored", () => {
    const peer = { [PEER_HEADER]: "10.0.0.1" }; // the proxy
    expect(clientIp(h({ ...peer, "x-forwarded-for": "203.0.113.9" }), { trustProxy: 1, peerTrusted: true })).toBe("203.0.113.9");
    expect(clientIp(h({ ...peer, "x-forwarded-for": "6.6.6.6, 203.0.113.9" }), { trustProxy: 1, peerTrusted: true })).toBe("203.0.113.9");
    expect(clientIp(h({ ...peer, "x-forwarded-for": "1.1.1.1,2.2.2.2 , 203.0.113.9" }), { trustProxy: 1, peerTrusted: true })).toBe("203.0.113.9");
  });

  it("behind two proxies (2), is the second hop from the right", () => {
    const peer = { [PEER_HEADER]: "10.0.0.2" };
    expect(clientIp(h({ ...peer, "x-forwarded-for": "6.6.6.6, 203.0.113.9, 10.0.0.1" }), { trustProxy: 2, peerTrusted: true })).toBe("203.0.113.9");
    expect(clientIp({ ...peer, "x-forwarded-for": ["203.0.113.9", "10.0.0.1"] }, { trustProxy: 2, peerTrusted: true })).toBe("203.0.113.9");
    // Fewer hops than proxies: not through both; the peer it is.
    expect(clientIp(h({ ...peer, "x-forwarded-for": "10.0.0.1" }), { trustProxy: 2, peerTrusted: true })).toBe("10.0.0.2");
  });

  it("reads MODELREG_TRUST_PROXY from the environment by default", () => {
    const before = process.env.MODELREG_TRUST_PROXY;
    try {
      process.env.MODELREG_TRUST_PROXY = "1";
      expect(clientIp(h({ "x-forwarded-for": "6.6.6.6, 203.0.113.9" }))).toBe("203.0.113.9");
      process.env.MODELREG_TRUST_PROXY = "0";
      expect(clientIp(h({ "x-forwarded-for": "6.6.6.6, 203.0.113.9", [PEER_HEADER]: "10.9.9.9" }), { peerTrusted: true })).toBe("10.9.9.9");
    } finally {
      if (before === undefined) delete process.env.MODELREG_TRUST_PROXY;
      else process.env.MODELREG_TRUST_PROXY = before;
    }
  });
});

describe("the server hook", () => {
  it("overwrites the peer header a client sends with the socket's address", async () => {
    installPeerAddressHook();
    installPeerAddressHook(); // idempotent: one wrapper
    expect(peerHookInstalled()).toBe(true);
    const seen: (string | string[] | undefined)[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers[PEER_HEADER]);
      res.end(clientIp(req.headers, { trustProxy: 0 }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_HEADER]: "6.6.6.6", "x-forwarded-for": "6.6.6.6" } });
      expect(await res.text()).toBe("127.0.0.1");
      expect(seen).toEqual(["127.0.0.1"]);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
