// The security headers of every response: the CSP of HTML pages (proxy.ts) and the rest for everything
// (next.config.ts headers(), so API answers and file downloads get them too).

/**
 * Scripts only with this request's nonce ('strict-dynamic' lets Next's chunks load from them); no plugins, no
 * <base> hijack, no framing, forms only to us, images only from us (model cards link remote images, see
 * lib/markdown.ts). Styles keep 'unsafe-inline': React and Radix write style attributes.
 */
export function contentSecurityPolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export const SECURITY_HEADERS: Record<string, string> = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "x-frame-options": "DENY",
};
