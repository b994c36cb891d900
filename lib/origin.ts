// The address people reach this server at, for copy-paste snippets (CLI --host, curl): NEXTAUTH_URL
// when it is set, else the request's own host. A Host header is client input: only a plain host[:port]
// is taken, anything else falls back to localhost, so no snippet shows whatever a client sent.
import { headers } from "next/headers";

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

type HeaderGetter = { get(name: string): string | null };

export function originFrom(env: { NEXTAUTH_URL?: string; PORT?: string }, h: HeaderGetter): string {
  if (env.NEXTAUTH_URL) {
    try {
      const u = new URL(env.NEXTAUTH_URL);
      if (u.protocol === "http:" || u.protocol === "https:") return `${u.origin}${u.pathname.replace(/\/+$/, "")}`;
    } catch {
      // not a URL: use the request's host
    }
  }
  // Behind a proxy the first forwarded value is the client's; each must still look like a host.
  const first = (name: string) => h.get(name)?.split(",")[0].trim() || null;
  const host = [first("x-forwarded-host"), first("host")].find((v): v is string => v !== null && HOST.test(v));
  const proto = first("x-forwarded-proto");
  if (!host) return `http://localhost:${/^\d{1,5}$/.test(env.PORT ?? "") ? env.PORT : "3000"}`;
  return `${proto === "https" ? "https" : "http"}://${host.toLowerCase()}`;
}

/** The origin of the current request, for server components. */
export async function requestOrigin(): Promise<string> {
  return originFrom(process.env, await headers());
}
