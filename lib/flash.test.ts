import { describe, expect, it } from "vitest";
import { homeFlash, orgFlash, versionsFlash } from "./flash";

const from = (q: string) => (k: string) => new URLSearchParams(q).get(k) ?? "";

describe("flash notices", () => {
  it("say what was deleted, and what an access change left the viewer with", () => {
    expect(orgFlash("acme", from("deleted=my-model"))).toBe("Deleted model acme/my-model.");
    expect(orgFlash("acme", from("access=m1&role=viewer"))).toMatch(/^Saved\. You are now a viewer of acme\/m1/);
    expect(orgFlash("acme", from("access=m1"))).toMatch(/You no longer have access to acme\/m1/);
    expect(versionsFlash("acme", "m", from("deleted=v1.2"))).toBe("Deleted version v1.2 of acme/m.");
    expect(homeFlash(from("deleted=acme"))).toBe("Deleted organization acme.");
  });

  it("show nothing for words that are not a name", () => {
    expect(orgFlash("acme", from(""))).toBeNull();
    expect(orgFlash("acme", from("deleted=Your account is locked, call 555"))).toBeNull();
    expect(versionsFlash("acme", "m", from("deleted=<b>x</b>"))).toBeNull();
    expect(orgFlash("acme", from("access=m1&role=admin"))).toMatch(/no longer have access/);
  });
});
