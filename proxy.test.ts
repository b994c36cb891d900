import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { config } from "./proxy";

// The API matchers as Next compiles them (path-to-regexp, case-insensitive), without the `/api/:rest(…)` wrapper.
const apiMatchers = config.matcher
  .filter((m): m is string => typeof m === "string" && m.startsWith("/api/:rest("))
  .map((m) => new RegExp(`^/api/(${m.slice("/api/:rest(".length, -1)})$`, "i"));
const proxied = (p: string) => apiMatchers.some((re) => re.test(p));
const decodable = (p: string) => {
  try {
    decodeURIComponent(p);
    return true;
  } catch {
    return false;
  }
};

const BYTES = [0x41, 0x2f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xed, 0xef, 0xf0, 0xf1, 0xf4, 0xf5, 0xff];
const escaped = (bytes: number[]) => bytes.map((b) => (b === 0x41 ? "A" : b === 0x2f ? "/" : `%${b.toString(16).padStart(2, "0")}`)).join("");

describe("proxy.ts matchers for API paths", () => {
  it("catch every path decodeURIComponent refuses and no other (uploads with valid names never pass the proxy)", () => {
    const raw = fc.array(fc.constantFrom(...BYTES), { minLength: 1, maxLength: 8 }).map(escaped);
    const utf8 = fc.string({ unit: "binary", minLength: 1, maxLength: 6 }).map((s) => escaped([...Buffer.from(s.toWellFormed())]));
    const mixed = fc.tuple(utf8, raw, utf8).map((parts) => parts.join(""));
    const broken = fc.constantFrom("%", "%A", "%ZZ", "%E0%A4%A", "%%41", "a%g0");
    fc.assert(
      fc.property(
        fc.oneof(
          raw,
          utf8,
          mixed,
          fc.tuple(utf8, broken).map((p) => p.join("")),
        ),
        (tail) => {
          const p = `/api/v1/acme/x/versions/model/v1/files/${tail}`;
          expect(proxied(p), p).toBe(!decodable(p));
        },
      ),
      { numRuns: 5_000, seed: 42 },
    );
  });
  it("leave valid non-ASCII file paths alone", () => {
    for (const name of ["é.bin", "日本語/重み.safetensors", "😀.txt", "a b.json"]) {
      expect(proxied(`/api/v1/acme/x/versions/model/v1/files/${encodeURIComponent(name)}`)).toBe(false);
    }
  });
  it("catch the malformed forms of the brief", () => {
    for (const p of ["/api/v1/acme/%E0%A4%A", "/api/v1/acme/%ZZ", "/api/v1/%FF/x", "/api/v1/acme/%ED%A0%80", "/api/v1/acme/%C0%AF"])
      expect(proxied(p), p).toBe(true);
  });
});
