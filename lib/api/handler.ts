// The wrapper every REST route handler uses: authenticate, call the registry, map errors, answer JSON.
import "server-only";
import type { z } from "zod";
import { getDb, type DB } from "@/db";
import { hasSessionCookie, parseCookieHeader, userFromSessionCookies } from "@/lib/auth/session-cookie";
import { anonymous, userActor, type Actor } from "@/lib/registry/actor";
import { InvalidError, TooLargeError, UnauthorizedError } from "@/lib/registry/errors";
import { authenticateToken } from "@/lib/registry/tokens";
import { parse, textProblem } from "@/lib/registry/validate";
import { formatBytes, parseByteSize } from "@/lib/storage/http";
import { errorResponse } from "./errors";

export type ApiContext<P> = { req: Request; url: URL; db: DB; actor: Actor; params: P };
type RouteCtx<P> = { params: Promise<P> };

/**
 * Who calls: `Authorization: Bearer|Token <token>` (any case), else the browser session — which,
 * for anything but a read, must come from our own origin (the API takes tokens, not cookies, for
 * cross-site writes). A session cookie whose session has ended (signed out, password changed) is a 401, like
 * a revoked token: the same check as pages (userFromSessionCookies).
 */
export async function actorFromRequest(db: DB, req: Request): Promise<Actor> {
  const auth = req.headers.get("authorization");
  if (auth) {
    const m = /^(bearer|token)\s+(\S+)\s*$/i.exec(auth);
    if (!m) throw new UnauthorizedError("Malformed Authorization header: use 'Bearer <token>' or 'Token <token>'");
    return authenticateToken(db, m[2]);
  }
  const cookies = parseCookieHeader(req.headers.get("cookie"));
  if (!hasSessionCookie(cookies)) return anonymous;
  const safe = req.method === "GET" || req.method === "HEAD";
  if (!safe && !sameOrigin(req)) return anonymous;
  const user = await userFromSessionCookies(db, cookies);
  if (!user) throw new UnauthorizedError("Your session has ended: sign in again.");
  return userActor(user.id, user.username);
}

function sameOrigin(req: Request): boolean {
  if (req.headers.get("sec-fetch-site") === "same-origin") return true;
  const origin = req.headers.get("origin");
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export function api<P = Record<string, never>>(fn: (ctx: ApiContext<P>) => Promise<unknown>, opts: { status?: number } = {}) {
  return async (req: Request, ctx: RouteCtx<P>): Promise<Response> => {
    try {
      const db = await getDb();
      const actor = await actorFromRequest(db, req);
      const params = ctx?.params ? await ctx.params : ({} as P);
      const url = new URL(req.url);
      assertStorableRequest(params, url);
      const result = await fn({ req, url, db, actor, params });
      if (result instanceof Response) return result;
      if (result === undefined) return new Response(null, { status: 204 });
      return Response.json(result, { status: opts.status ?? 200 });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/**
 * Path parameters and query values become SQL parameters: one that PostgreSQL would refuse (NUL, a lone
 * surrogate) is a 400 naming it here, for every route, instead of a driver error later.
 */
function assertStorableRequest(params: unknown, url: URL): void {
  if (params && typeof params === "object") {
    for (const [name, value] of Object.entries(params)) {
      for (const v of Array.isArray(value) ? value : [value]) {
        const problem = typeof v === "string" ? textProblem(v) : null;
        if (problem) throw InvalidError.field(name, problem);
      }
    }
  }
  for (const [name, value] of url.searchParams) {
    const problem = textProblem(name) ?? textProblem(value);
    if (problem) throw InvalidError.field(textProblem(name) ? "query string" : name, problem);
  }
}

/** MODELREG_MAX_JSON_BODY (bytes, or `2MiB`, `512k`…; default 1 MiB), read per call so tests can set it. */
export function maxJsonBody(env: Record<string, string | undefined> = process.env): number {
  return parseByteSize(env.MODELREG_MAX_JSON_BODY, 1024 * 1024);
}

function tooLarge(max: number): TooLargeError {
  return new TooLargeError(`The request body is larger than ${formatBytes(max)}, the limit for JSON bodies (MODELREG_MAX_JSON_BODY).`);
}

/**
 * The body as text, at most `max` bytes: a larger Content-Length is refused before reading, and a body
 * without one (chunked) or lying about it is counted while it streams and abandoned past the cap, so no
 * request makes the server buffer more than the limit. Invalid UTF-8 is a 400, not replacement characters.
 */
export async function readBodyText(req: Request, max = maxJsonBody()): Promise<string> {
  const declared = req.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared.trim()) > max) throw tooLarge(max);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => {});
      throw tooLarge(max);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw InvalidError.field("body", "must be UTF-8 text");
  }
}

/**
 * The JSON body, validated; a missing or malformed body is a 400 naming the problem, one over
 * MODELREG_MAX_JSON_BODY a 413. The actor is already known (api() resolves it first), and parse() refuses
 * any string PostgreSQL would refuse (NUL, `\u0000`, lone surrogates) with its path.
 */
export async function readBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.output<S>> {
  let body: unknown = {};
  const text = await readBodyText(req);
  if (text.trim()) {
    try {
      body = JSON.parse(text);
    } catch {
      throw InvalidError.field("body", "must be valid JSON");
    }
  }
  return parse(schema, body);
}

export type Page = { limit: number; offset: number };

/** limit/offset from the query string: limit 1–1000 (default 20), offset ≥ 0. */
export function pageParams(url: URL, defaults: { limit?: number } = {}): Page {
  const num = (name: string, fallback: number, min: number, max: number) => {
    const raw = url.searchParams.get(name);
    if (raw === null || raw === "") return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw InvalidError.field(name, `must be a whole number from ${min} to ${max}`);
    }
    return n;
  };
  return { limit: num("limit", defaults.limit ?? 20, 1, 1000), offset: num("offset", 0, 0, 10_000_000) };
}

/** Polyaxon's list envelope; `next`/`previous` are full URLs carrying limit and offset. */
export function envelope<T>(url: URL, page: Page, count: number, results: T[], extra: Record<string, unknown> = {}) {
  const link = (offset: number) => {
    const u = new URL(url);
    u.searchParams.set("limit", String(page.limit));
    u.searchParams.set("offset", String(offset));
    return u.toString();
  };
  const hasNext = page.offset + results.length < count;
  return {
    count,
    ...extra,
    results,
    previous: page.offset > 0 ? link(Math.max(0, page.offset - page.limit)) : null,
    next: hasNext ? link(page.offset + page.limit) : null,
  };
}
