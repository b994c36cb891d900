// The one mapping from registry errors to HTTP answers. Nothing else builds an error response.
import { concurrentWriteConflict, RateLimitedError, RegistryError } from "@/lib/registry/errors";

export type ErrorBody = {
  /** Polyaxon's clients print `detail`; keep it a readable sentence. */
  detail: string;
  error: { code: string; message: string; details?: Record<string, string[]> };
};

export function errorBody(err: RegistryError): ErrorBody {
  const details = Object.keys(err.fieldErrors).length ? err.fieldErrors : undefined;
  return { detail: err.message, error: { code: err.code, message: err.message, ...(details ? { details } : {}) } };
}

export function errorResponse(err: unknown): Response {
  const conflict = concurrentWriteConflict(err);
  if (conflict) return errorResponse(conflict);
  if (err instanceof RegistryError) {
    const headers: Record<string, string> = {};
    if (err instanceof RateLimitedError) headers["retry-after"] = String(err.retryAfterSeconds);
    if (err.status === 401) headers["www-authenticate"] = 'Bearer realm="modelreg"';
    return Response.json(errorBody(err), { status: err.status, headers });
  }
  console.error("[modelreg] unexpected error", err);
  return Response.json({ detail: "Internal server error", error: { code: "internal", message: "Internal server error" } }, { status: 500 });
}
