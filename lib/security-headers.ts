// The security headers of every response: the CSP of HTML pages (proxy.ts) and the rest for everything
// (next.config.ts headers(), so API answers and file downloads get them too).
// Relative: next.config.ts imports this file, outside the "@/" alias.
import { bucketOrigin } from "./storage/direct-upload-config";

/**
 * Scripts only with this request's nonce ('strict-dynamic' lets Next's chunks load from them); no plugins, no
 * <base> hijack, no framing, forms only to us, images only from us (model cards link remote images, see
 * lib/markdown.ts). Styles keep 'unsafe-inline': React and Radix write style attributes. Connections only to us,
 * and — when uploads go straight to the bucket — to the bucket's origin (`connect`, see bucketOrigin), where the
 * browser's uploader PUTs to presigned URLs.
 */
export function contentSecurityPolicy(nonce: string, dev = false, connect: readonly string[] = []): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    ["connect-src 'self'", ...connect].join(" "),
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

/** The extra connect-src origins of this process: the bucket's, when the browser uploads straight to it. */
export function connectOrigins(env: Record<string, string | undefined> = process.env): string[] {
  const origin = bucketOrigin(env);
  return origin ? [origin] : [];
}
