// max_results and page_token for MLflow's searches: the token is the next offset, opaque to the client.
import { InvalidError } from "@/lib/registry/errors";
import type { Fields } from "./handler";

export function pageOf(fields: Fields, defaults: { max: number; fallback: number; serveAtMost?: number }) {
  const raw = fields.max_results;
  let limit = defaults.fallback;
  if (raw !== undefined && raw !== null && raw !== "") {
    const n = typeof raw === "number" ? raw : Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > defaults.max) {
      throw InvalidError.field("max_results", `must be a whole number from 1 to ${defaults.max} (got ${JSON.stringify(raw)})`);
    }
    limit = n;
  }
  // A page larger than what is served at once is served in pages (next_page_token), never refused.
  if (defaults.serveAtMost) limit = Math.min(limit, defaults.serveAtMost);
  let offset = 0;
  const token = fields.page_token;
  if (token !== undefined && token !== null && token !== "") {
    try {
      const parsed = JSON.parse(Buffer.from(String(token), "base64url").toString("utf8")) as { offset?: unknown };
      if (typeof parsed.offset !== "number" || !Number.isInteger(parsed.offset) || parsed.offset < 0 || parsed.offset > 10_000_000) throw new Error();
      offset = parsed.offset;
    } catch {
      throw InvalidError.field("page_token", "is not a page token this server gave out");
    }
  }
  return { limit, offset };
}

export const pageTokenOf = (offset: number) => Buffer.from(JSON.stringify({ offset })).toString("base64url");
