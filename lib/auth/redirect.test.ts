// The redirect sanitiser: only paths of this app survive, whatever spelling a browser would read as another origin.
import { describe, expect, it } from "vitest";
import { safeAuthRedirect, safeRedirectPath } from "./redirect";

describe("safeRedirectPath", () => {
  it.each([
    "/\\evil.com",
    "/\t/evil.com",
    "/\n/evil.com",
    "/\\/evil.com",
    "/%5Cevil.com",
    "/%5cevil.com",
    "/%2F/evil.com",
    "/%09/evil.com",
    "//evil.com",
    "///evil.com",
    "/.//evil.com",
    "/./\\evil.com",
    "https://evil.com",
    "http:evil.com",
    "javascript:alert(1)",
    " /ok",
    "evil.com",
    "",
    "/%E0%A4%A",
  ])("refuses %j", (raw) => {
    expect(safeRedirectPath(raw)).toBe("/");
  });

  it("refuses what is not a string, and uses the fallback given", () => {
    expect(safeRedirectPath(undefined)).toBe("/");
    expect(safeRedirectPath(["/a"])).toBe("/");
    expect(safeRedirectPath("//evil.com", "/home")).toBe("/home");
  });

  it.each([
    ["/ok/path?x=1", "/ok/path?x=1"],
    ["/", "/"],
    ["/settings/account", "/settings/account"],
    ["/acme/fraud-detector/versions/v1#files", "/acme/fraud-detector/versions/v1#files"],
    ["/a/../b", "/b"],
    ["/search?q=a%20b", "/search?q=a%20b"],
  ])("keeps the same-origin path %j", (raw, want) => {
    expect(safeRedirectPath(raw)).toBe(want);
  });
});

describe("safeAuthRedirect (next-auth's redirect callback)", () => {
  const base = "http://localhost:3000";
  it("keeps our paths and our own absolute URLs", () => {
    expect(safeAuthRedirect("/ok/path?x=1", base)).toBe("http://localhost:3000/ok/path?x=1");
    expect(safeAuthRedirect("http://localhost:3000/acme", base)).toBe("http://localhost:3000/acme");
  });
  it.each([
    "https://evil.com/",
    "//evil.com",
    "/\\evil.com",
    "/\t/evil.com",
    "http://localhost:3001/",
    "http://localhost:3000//evil.com",
    "javascript:alert(1)",
  ])("sends %j home", (url) => {
    expect(safeAuthRedirect(url, base)).toBe("http://localhost:3000/");
  });
});
