import { describe, expect, it } from "vitest";
import { InvalidError } from "@/lib/registry/errors";
import { baseName, checkFilePath, decodeRawFilePath, normaliseFilePath, rawPathAfter } from "./paths";

describe("checkFilePath", () => {
  it.each([
    "model.bin",
    "weights/model.safetensors",
    "a/b/c/d.json",
    "..hidden/file", // starts with dots but is not a dot segment
    "file..name",
    ".gitattributes",
    "tokenizer/vocab (1).txt",
    "données/modèle.bin",
    "100%.txt", // a literal percent that is not an escape of / \ . %
    "x".repeat(255),
  ])("accepts %s", (p) => {
    expect(checkFilePath(p)).toEqual({ ok: true, path: p });
  });

  it.each([
    ["", "required"],
    ["../etc/passwd", "dot-dot-segment"],
    ["a/../../b", "dot-dot-segment"],
    ["a/..", "dot-dot-segment"],
    ["./a", "dot-segment"],
    ["a/./b", "dot-segment"],
    ["/etc/passwd", "absolute"],
    ["//proc/self/root", "absolute"],
    ["C:/Windows/x", "absolute"],
    ["..\\..\\x", "backslash"],
    ["a\\b", "backslash"],
    ["a//b", "empty-segment"],
    ["a/", "empty-segment"],
    ["model.bin\u0000.txt", "control"],
    ["a\nb", "control"],
    ["a\u007fb", "control"],
    ["a\u0085b", "control"],
    ["model.bin#frag", "query-or-fragment"],
    ["model.bin?x=1", "query-or-fragment"],
    ["..%2fetc", "encoded"],
    ["%2e%2e/etc", "encoded"],
    ["%2E%2E/etc", "encoded"],
    ["a%5cb", "encoded"],
    ["%252e%252e/etc", "encoded"],
    [`a/${"x".repeat(256)}`, "segment-too-long"],
    [Array.from({ length: 200 }, () => "abcdef").join("/"), "too-long"],
  ])("refuses %j (%s)", (p, rule) => {
    const r = checkFilePath(p);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.rule).toBe(rule);
  });

  it("counts bytes, not characters", () => {
    expect(checkFilePath("é".repeat(127)).ok).toBe(true); // 254 bytes
    expect(checkFilePath("é".repeat(128)).ok).toBe(false); // 256 bytes
  });

  it("refuses non-strings", () => {
    expect(checkFilePath(undefined).ok).toBe(false);
    expect(checkFilePath(["a"]).ok).toBe(false);
  });

  it("normaliseFilePath throws an InvalidError on field path naming the rule", () => {
    const err = (() => {
      try {
        normaliseFilePath("a/../b");
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InvalidError);
    expect((err as InvalidError).fieldErrors.path).toEqual(["must not contain '..' segments"]);
  });
});

describe("decodeRawFilePath (the path as it arrived on the wire)", () => {
  it("decodes ordinary escapes", () => {
    expect(decodeRawFilePath("my%20model/w%C3%A9ights.bin")).toBe("my model/wéights.bin");
  });
  it.each([
    "..%2fetc/passwd",
    "..%2Fetc",
    "%2e%2e/etc/passwd",
    "%252e%252e/etc/passwd",
    "a%5c..%5cb",
    "..\\..\\etc",
    "%2fetc/passwd",
    "a%00b",
    "model.bin%23frag",
    "model.bin%3F.txt",
    "%ff%fe", // not UTF-8
    "%E0%A4%A", // truncated escape
    "a/%2e/b",
  ])("refuses %s", (raw) => {
    expect(() => decodeRawFilePath(raw)).toThrow(InvalidError);
  });
});

describe("rawPathAfter", () => {
  const marker = "/versions/model/v1/files/";
  it("takes the encoded tail of the URL, without query or fragment", () => {
    expect(rawPathAfter("http://h/api/v1/o/p/versions/model/v1/files/a%2Fb/c?x=1#f", marker)).toBe("a%2Fb/c");
  });
  it("is null when the marker is gone (a resolved '..' moved the request)", () => {
    expect(rawPathAfter("http://h/api/v1/o/p/versions/model/etc/passwd", marker)).toBeNull();
  });
  it("does not mistake the authority for the path", () => {
    expect(rawPathAfter("http://versions/api/v1/o/p/versions/model/v1/files/x", marker)).toBe("x");
  });
});

it("baseName", () => {
  expect(baseName("a/b/c.bin")).toBe("c.bin");
  expect(baseName("c.bin")).toBe("c.bin");
});
