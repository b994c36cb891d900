// Markdown for model cards and readmes: rendered with marked, then sanitised (no scripts, no event
// handlers, no javascript:/data: links, no iframes) — the output is safe to inject as HTML. Images become
// links: a model card's author must not learn who reads it (and when) from their browsers fetching a remote
// image, and the page CSP allows images from our origin only.
import "server-only";
import { marked } from "marked";
import sanitizeHtml from "sanitize-html";

const ALLOWED = {
  allowedTags: [
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "br",
    "hr",
    "blockquote",
    "pre",
    "code",
    "span",
    "strong",
    "em",
    "del",
    "ul",
    "ol",
    "li",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
    "sub",
    "details",
    "summary",
  ],
  allowedAttributes: { a: ["href", "title"], code: ["class"], th: ["align"], td: ["align"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowProtocolRelative: false,
  transformTags: {
    a: sanitizeHtml.simpleTransform("a", { rel: "nofollow noopener noreferrer", target: "_blank" }),
    img: (_tag, attribs) => ({
      tagName: "a",
      attribs: { href: attribs.src ?? "", title: attribs.title ?? "", rel: "nofollow noopener noreferrer", target: "_blank" },
      text: `Image: ${attribs.alt || "untitled"}`,
    }),
  },
} satisfies sanitizeHtml.IOptions;

export function renderMarkdown(source: string): string {
  const html = marked.parse(source ?? "", { async: false, gfm: true, breaks: false }) as string;
  return sanitizeHtml(html, { ...ALLOWED, allowedAttributes: { ...ALLOWED.allowedAttributes, a: ["href", "title", "rel", "target"] } });
}
