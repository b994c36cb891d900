import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { sha256Blob } from "./sha256";

const node = (b: Uint8Array) => crypto.createHash("sha256").update(b).digest("hex");

describe("sha256Blob", () => {
  const chunk = 1024;
  for (const size of [0, 1, 1023, 1024, 1025, 5000, 3 * 1024]) {
    it(`equals node's crypto for ${size} bytes read in ${chunk}-byte slices`, async () => {
      const bytes = crypto.randomBytes(size);
      const seen: number[] = [];
      expect(await sha256Blob(new Blob([bytes]), { chunk, onProgress: (n) => seen.push(n) })).toBe(node(bytes));
      expect(seen.length).toBe(Math.ceil(size / chunk));
      if (size) expect(seen.at(-1)).toBe(size);
    });
  }

  it("with the default chunk size on a body larger than one chunk", async () => {
    const bytes = crypto.randomBytes(4 * 1024 * 1024 + 17);
    expect(await sha256Blob(new Blob([bytes]))).toBe(node(bytes));
  });

  it("stops when aborted", async () => {
    const ctl = new AbortController();
    const p = sha256Blob(new Blob([crypto.randomBytes(5000)]), { chunk: 1000, signal: ctl.signal, onProgress: () => ctl.abort() });
    await expect(p).rejects.toMatchObject({ name: "AbortError" });
  });
});
