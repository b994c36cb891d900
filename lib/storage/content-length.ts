// Next 16 drops Content-Length from every route-handler Response (server/send-response.js,
// FORBIDDEN_HEADERS: it cannot know whether a fetched body was decoded on the way), so downloads
// would go out chunked and HEAD would not tell the size. Files need the length: clients show
// progress, verify completeness and plan ranges with it. We send the length under a private header
// as well, and Node's ServerResponse turns that one header back into Content-Length as Next copies
// the headers over. Only this header name is touched; everything else passes through unchanged.
import http from "node:http";

export const LENGTH_HEADER = "x-modelreg-content-length";

type Proto = { setHeader: (name: string, value: unknown) => unknown; __modelregContentLength?: boolean };

export function installContentLengthPassThrough(): void {
  const proto = http.ServerResponse.prototype as unknown as Proto;
  if (proto.__modelregContentLength) return;
  const original = proto.setHeader;
  proto.setHeader = function setHeader(this: unknown, name: string, value: unknown) {
    if (typeof name === "string" && name.toLowerCase() === LENGTH_HEADER) {
      return original.call(this, "content-length", Array.isArray(value) ? value[0] : value);
    }
    return original.call(this, name, value);
  };
  proto.__modelregContentLength = true;
}

/** Content-Length and its pass-through twin, for a Response a route handler returns. */
export function lengthHeaders(n: number): Record<string, string> {
  return { "content-length": String(n), [LENGTH_HEADER]: String(n) };
}
