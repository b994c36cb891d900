import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./markdown";

describe("renderMarkdown", () => {
  it("renders headings, tables and code", () => {
    const html = renderMarkdown("# Card\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```py\nprint(1)\n```");
    expect(html).toContain("<h1>Card</h1>");
    expect(html).toContain("<table>");
    expect(html).toContain("<code");
  });
  it.each([
    ["<script>alert(1)</script>", "<script"],
    ['<img src="x" onerror="alert(1)">', "onerror"],
    ["[click](javascript:alert(1))", "javascript:"],
    ['<a href="JaVaScRiPt:alert(1)">x</a>', "avascript"],
    ["[x](data:text/html;base64,PHNjcmlwdD4=)", "data:"],
    ['<iframe src="https://evil.example"></iframe>', "<iframe"],
    ['<div style="background:url(javascript:1)">x</div>', "style"],
  ])("strips %s", (input, bad) => {
    expect(renderMarkdown(input).toLowerCase()).not.toContain(bad.toLowerCase());
  });
  it("keeps safe links, marked nofollow", () => {
    expect(renderMarkdown("[docs](https://example.com)")).toContain('href="https://example.com"');
    expect(renderMarkdown("[docs](https://example.com)")).toContain("nofollow");
  });
});
