import { describe, expect, it } from "vitest";
import { originFrom } from "./origin";

const h = (v: Record<string, string>) => new Headers(v);

describe("originFrom", () => {
  it("takes NEXTAUTH_URL when it is set, without a trailing slash", () => {
    expect(originFrom({ NEXTAUTH_URL: "https://models.example.com/" }, h({ host: "evil.test" }))).toBe("https://models.example.com");
    expect(originFrom({ NEXTAUTH_URL: "https://example.com/registry" }, h({}))).toBe("https://example.com/registry");
  });

  it("else the host the page was served from, not localhost:3000", () => {
    expect(originFrom({}, h({ host: "10.1.2.3:3650" }))).toBe("http://10.1.2.3:3650");
    expect(originFrom({}, h({ host: "internal", "x-forwarded-host": "models.example.com", "x-forwarded-proto": "https" }))).toBe("https://models.example.com");
    expect(originFrom({}, h({ host: "[::1]:3000" }))).toBe("http://[::1]:3000");
  });

  it("never takes a host header that is not a plain host[:port]", () => {
    for (const bad of ['x"><script>alert(1)</script>', "a b", "evil.test/path", "user@evil.test", "evil.test:99999999"]) {
      expect(originFrom({ PORT: "3650" }, h({ host: bad })), bad).toBe("http://localhost:3650");
    }
    expect(originFrom({}, h({ "x-forwarded-host": "<b>", host: "good.test:80" }))).toBe("http://good.test:80");
    expect(originFrom({}, h({ host: "good.test", "x-forwarded-proto": "javascript" }))).toBe("http://good.test");
  });
});
