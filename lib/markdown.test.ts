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
    ["<img src=x onerror=alert(1)>", "onerror"],
    ['<p onclick="alert(1)">hi</p>', "onclick"],
    ['<svg onload="alert(1)"><circle /></svg>', "onload"],
    ['<a href="&#106;avascript:alert(1)">x</a>', "avascript"],
    ["[x](&#x6A;avascript:alert(1))", "avascript"],
    ['<a href="vbscript:msgbox(1)">x</a>', "vbscript"],
    ["<scr<script>ipt>alert(1)</script>", "<script"],
    ['<object data="evil.swf"></object>', "<object"],
    ['<embed src="evil.swf">', "<embed"],
    ['<form action="https://evil.example"><button>go</button></form>', "<form"],
    ["<style>body{display:none}</style>", "<style"],
    ['<img src="data:image/svg+xml;base64,PHN2Zz4=">', "data:"],
    ['<iframe srcdoc="<script>alert(1)</script>"></iframe>', "srcdoc"],
    ['<a href="https://ok.example" onmouseover="alert(1)">x</a>', "onmouseover"],
  ])("strips %s", (input, bad) => {
    expect(renderMarkdown(input).toLowerCase()).not.toContain(bad.toLowerCase());
  });
  it("keeps safe links, marked nofollow", () => {
    expect(renderMarkdown("[docs](https://example.com)")).toContain('href="https://example.com"');
    expect(renderMarkdown("[docs](https://example.com)")).toContain("nofollow");
  });
  it("turns images into links, so a reader's browser never fetches a remote image unasked", () => {
    const html = renderMarkdown('![chart](https://example.com/c.png)\n\n<img src="https://tracker.example/p.gif" alt="">');
    expect(html).not.toContain("<img");
    expect(html).not.toContain("src=");
    expect(html).toContain('<a href="https://example.com/c.png"');
    expect(html).toContain("Image: chart</a>");
    expect(html).toContain('<a href="https://tracker.example/p.gif"');
    expect(html).toContain("noreferrer");
  });
  it("keeps code blocks' text", () => {
    const html = renderMarkdown("```\n<script>alert(1)</script>\n```");
    // inside a code block the tag is text, escaped, never markup
    expect(html).toContain("&lt;script&gt;");
    expect(html).not.toContain("<script");
  });
  it("opens links in a new tab without handing over the opener", () => {
    const html = renderMarkdown("<a href='https://example.com' target='_self' rel='opener'>x</a>");
    expect(html).toContain('target="_blank"');
    expect(html).toContain("noopener");
    expect(html).not.toContain("_self");
  });
});
