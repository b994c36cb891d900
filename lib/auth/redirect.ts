// Where to send the browser after sign-in (or any redirect whose target comes from the request): a path of this
// app, never another origin. Used by the login page, the login form and next-auth's `redirect` callback.

/** A stand-in origin: the target is parsed against it, so only what stays on it is kept. */
const SELF = "http://modelreg.invalid";

/**
 * The same-origin path (`/a/b?x=1#y`) `raw` names, or `fallback`. Browsers read `/\host`, `/\t/host`, `//host`
 * and `/.//host` as another origin, so the target is parsed with the WHATWG URL parser (what the browser will
 * do), its origin compared with ours, and the path it serialises to checked again: it must not start with
 * `//` or `/\` and, percent-decoded, hold no backslash or control character (a later decode must not turn it
 * into another origin either).
 */
export function safeRedirectPath(raw: unknown, fallback = "/"): string {
  if (typeof raw !== "string" || !raw.startsWith("/") || raw.length > 2048) return fallback;
  let url: URL;
  try {
    url = new URL(raw, SELF);
  } catch {
    return fallback;
  }
  if (url.origin !== SELF) return fallback;
  const path = url.pathname + url.search + url.hash;
  if (!isPlainPath(path)) return fallback;
  return path;
}

function isPlainPath(path: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return false;
  }
  for (const s of [path, decoded]) {
    if (!s.startsWith("/") || s.startsWith("//") || s.includes("\\")) return false;
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(s)) return false;
  }
  return true;
}

/**
 * next-auth's `redirect` callback: a relative target is kept when it is a safe path of this app; an absolute
 * one only when it is on our own origin (`baseUrl`); anything else goes to the home page.
 */
export function safeAuthRedirect(url: string, baseUrl: string): string {
  const base = new URL(baseUrl);
  if (url.startsWith("/")) {
    const path = safeRedirectPath(url, "/");
    return new URL(path, base.origin).toString();
  }
  try {
    const u = new URL(url);
    if (u.origin === base.origin) {
      const path = safeRedirectPath(u.pathname + u.search + u.hash, "/");
      return new URL(path, base.origin).toString();
    }
  } catch {
    // fall through
  }
  return `${base.origin}/`;
}
