// Runs before routing: a nonce-based Content-Security-Policy (and the other security headers) on every page,
// and a 400 for a path whose percent-encoding cannot be decoded (Next itself would answer a bare 500).
import { NextResponse, type NextRequest } from "next/server";
import { connectOrigins, contentSecurityPolicy, SECURITY_HEADERS } from "@/lib/security-headers";

/** decodeURIComponent throws on `%ZZ`, a truncated `%A` and bytes that are not UTF-8 (`%E0%A4%A`, `%FF`). */
function decodable(rawPath: string): boolean {
  try {
    decodeURIComponent(rawPath);
    return true;
  } catch {
    return false;
  }
}

/**
 * A multipart POST to a page without Next's action header is taken for a no-JavaScript form submission, and
 * Next answers a body it cannot parse with a 500. Parse it here first (the proxy reads its own copy of the
 * body, at most proxyClientMaxBodySize) so a malformed one is a 400.
 */
async function malformedFormPost(req: NextRequest): Promise<boolean> {
  if (req.method !== "POST" || req.headers.has("next-action")) return false;
  if (!/^multipart\/form-data/i.test(req.headers.get("content-type") ?? "")) return false;
  try {
    await req.formData();
    return false;
  } catch {
    return true;
  }
}

/** The bucket's origin for connect-src when the browser uploads straight to it: read from the environment once. */
let connect: string[] | undefined;

export async function proxy(req: NextRequest) {
  const { pathname } = new URL(req.url); // the raw path, still percent-encoded
  const isApi = pathname.startsWith("/api/v1/") || pathname.startsWith("/api/auth/");
  if (!decodable(pathname)) {
    // Take the body first (at most proxyClientMaxBodySize reaches us): answering while the client is still
    // sending makes the socket close under it, and the client sees a reset instead of this 400.
    if (req.body) await req.arrayBuffer().catch(() => undefined);
    const message = "path: is not valid percent-encoded UTF-8";
    const headers = { "x-content-type-options": "nosniff", "cache-control": "no-store" };
    return isApi
      ? Response.json(
          { detail: message, error: { code: "invalid", message, details: { path: ["is not valid percent-encoded UTF-8"] } } },
          { status: 400, headers },
        )
      : new Response(`Bad request: ${message}.\n`, { status: 400, headers: { ...headers, "content-type": "text/plain; charset=utf-8" } });
  }
  if (isApi) return NextResponse.next();
  if (await malformedFormPost(req)) {
    return new Response("Bad request: the form body is not valid multipart/form-data.\n", {
      status: 400,
      headers: { "x-content-type-options": "nosniff", "content-type": "text/plain; charset=utf-8" },
    });
  }

  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV !== "production", (connect ??= connectOrigins()));
  // Next reads the nonce for its own inline scripts from the request's CSP header.
  const requestHeaders = new Headers(req.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const res = NextResponse.next({ request: { headers: requestHeaders } });
  res.headers.set("content-security-policy", csp);
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.headers.set(k, v);
  return res;
}

export const config = {
  matcher: [
    // Pages (not the API or next-auth, whose bodies must stream untouched: Next buffers a request body for the
    // proxy). Other /api/… paths are page paths (owner "api" is reserved) and do come through.
    "/((?!api/v1/|api/auth/|_next/static|_next/image|favicon.ico).*)",
    // API paths only when their encoding is broken: a '%' not followed by two hex digits…
    "/api/:rest(.*%(?![0-9A-Fa-f]{2}).*)",
    // …or escaped bytes that are not UTF-8. Exactly what decodeURIComponent refuses (proxy.test.ts), so a valid
    // non-ASCII file name never brings an upload through here. (Matchers must be literal strings. The
    // alternatives: bytes never in UTF-8; a continuation byte after no escaped non-ASCII byte; a lead byte with
    // too few or too many continuations; surrogates; overlong forms; above U+10FFFF.)
    "/api/:rest(.*(?:%(?:[Cc][01]|[Ff][5-9A-Fa-f])|(?<!%[89A-Fa-f][0-9A-Fa-f])%[89ABab][0-9A-Fa-f]|%[C-Fc-f][0-9A-Fa-f](?!%[89ABab][0-9A-Fa-f])|%[Ee][0-9A-Fa-f]%[89ABab][0-9A-Fa-f](?!%[89ABab][0-9A-Fa-f])|%[Ff][0-4]%[89ABab][0-9A-Fa-f](?:%[89ABab][0-9A-Fa-f])?(?!%[89ABab][0-9A-Fa-f])|%[C-Dc-d][0-9A-Fa-f]%[89ABab][0-9A-Fa-f]%[89ABab][0-9A-Fa-f]|%[Ee][0-9A-Fa-f](?:%[89ABab][0-9A-Fa-f]){3}|%[Ff][0-4](?:%[89ABab][0-9A-Fa-f]){4}|%[Ee][Dd]%[AaBb][0-9A-Fa-f]|%[Ee]0%[89][0-9A-Fa-f]|%[Ff]0%8[0-9A-Fa-f]|%[Ff]4%[9AaBb][0-9A-Fa-f]).*)",
  ],
};
