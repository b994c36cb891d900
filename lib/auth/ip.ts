// The client address for rate limits: the first X-Forwarded-For hop (set by the proxy in front), else X-Real-IP.
type HeaderBag = Headers | Record<string, string | string[] | undefined> | undefined;

export function clientIp(headers: HeaderBag): string {
  const get = (name: string): string | undefined => {
    if (!headers) return undefined;
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const fwd = get("x-forwarded-for")?.split(",")[0]?.trim();
  return fwd || get("x-real-ip")?.trim() || "local";
}
