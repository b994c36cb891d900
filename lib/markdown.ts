// Markdown for model cards and readmes: rendered with marked, then sanitised (no scripts, no event
// handlers, no javascript:/data: links, no iframes) — the output is safe to inject as HTML.
import "server-only";
import { marked } from "marked";
import sanitizeHtml from "sanitize-html";

const ALLOWED = {
  allowedTags: [
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote", "pre", "code", "span", "strong", "em", "del",
    "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub", "details", "summary",
  ],
  allowedAttributes: { a: ["href", "title"], img: ["src", "alt", "title"], code: ["class"], th: ["align"], td: ["align"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["http", "https"] },
  allowProtocolRelative: false,
  transformTags: { a: sanitizeHtml.simpleTransform("a", { rel: "nofollow noopener noreferrer", target: "_blank" }) },
} satisfies sanitizeHtml.IOptions;

export function renderMarkdown(source: string): string {
  const html = marked.parse(source ?? "", { async: false, gfm: true, breaks: false }) as string;
  return sanitizeHtml(html, { ...ALLOWED, allowedAttributes: { ...ALLOWED.allowedAttributes, a: ["href", "title", "rel", "target"] } });
}
