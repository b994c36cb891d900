// The Hugging Face surface's wrapper and error shape: `{"error": "…"}` with `X-Error-Code` (RepoNotFound,
// RevisionNotFound, EntryNotFound) and `X-Error-Message`, which huggingface_hub and @huggingface/hub read.
// A model the caller may not see is RepoNotFound: 401 signed out, 404 otherwise (as the Hub answers).
import "server-only";
import { getDb, type DB } from "@/db";
import { actorFromRequest } from "@/lib/api/handler";
import type { Actor } from "@/lib/registry/actor";
import { NotFoundError, RateLimitedError, RegistryError, UnauthorizedError } from "@/lib/registry/errors";
import { RevisionNotFoundError } from "@/lib/registry/revisions";
import { textProblem } from "@/lib/registry/validate";

export type HfErrorCode = "RepoNotFound" | "RevisionNotFound" | "EntryNotFound" | "GatedRepo";

/** An answer in the Hub's error shape, thrown from a handler. */
export class HfError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: HfErrorCode,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export type HfContext<P> = { req: Request; url: URL; db: DB; actor: Actor; params: P };

/** What a registry NotFoundError means at this step of a request (the repo, a revision, a file). */
export type NotFoundAs = "RepoNotFound" | "EntryNotFound";

export function hfErrorResponse(err: unknown, actor: Actor | null, notFoundAs: NotFoundAs = "RepoNotFound"): Response {
  if (err instanceof HfError) return errorJson(err.status, err.message, err.code, err.headers);
  if (err instanceof RevisionNotFoundError) return errorJson(404, err.message, "RevisionNotFound");
  if (err instanceof NotFoundError) {
    if (notFoundAs === "EntryNotFound") return errorJson(404, err.message, "EntryNotFound");
    const signedOut = actor?.kind !== "user";
    return errorJson(signedOut ? 401 : 404, signedOut ? `${err.message} (or you must sign in: send a token)` : err.message, "RepoNotFound");
  }
  if (err instanceof UnauthorizedError) return errorJson(401, err.message);
  if (err instanceof RateLimitedError) return errorJson(429, err.message, undefined, { "retry-after": String(err.retryAfterSeconds) });
  if (err instanceof RegistryError) return errorJson(err.status, err.message);
  console.error("[modelreg] Hugging Face surface: unexpected error", err);
  return errorJson(500, "Internal error");
}

export function errorJson(status: number, message: string, code?: HfErrorCode, headers: Record<string, string> = {}): Response {
  // Header values must be one line of Latin-1: the message goes there shortened and made safe.
  const headerMessage = message.replace(/[^\x20-\x7e]/g, "?").slice(0, 500);
  return Response.json({ error: message }, { status, headers: { ...headers, ...(code ? { "x-error-code": code } : {}), "x-error-message": headerMessage } });
}

/** Authenticates (a bad token is a 401), runs the handler, and renders any error in the Hub's shape. */
export function hf<P = Record<string, never>>(fn: (ctx: HfContext<P>) => Promise<Response>, opts: { notFoundAs?: NotFoundAs } = {}) {
  return async (req: Request, ctx: { params: Promise<P> }): Promise<Response> => {
    let actor: Actor | null = null;
    try {
      const db = await getDb();
      actor = await actorFromRequest(db, req);
      const params = (ctx?.params ? await ctx.params : {}) as P;
      assertStorable(params);
      return await fn({ req, url: new URL(req.url), db, actor, params });
    } catch (err) {
      return hfErrorResponse(err, actor, opts.notFoundAs);
    }
  };
}

function assertStorable(params: unknown): void {
  if (!params || typeof params !== "object") return;
  for (const [name, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      const problem = typeof v === "string" ? textProblem(v) : null;
      if (problem) throw new HfError(400, `${name}: ${problem}`);
    }
  }
}

/** Catches a registry NotFoundError of one step and rethrows it as that step's Hub error. */
export async function asEntry<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof NotFoundError && !(err instanceof RevisionNotFoundError)) throw new HfError(404, err.message, "EntryNotFound");
    throw err;
  }
}
