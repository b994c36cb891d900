// The typed error family every registry function throws; mapped once to HTTP (lib/api) and to form state (lib/forms).
import type { ZodError } from "zod";

export type FieldErrors = Record<string, string[]>;

export type ErrorCode = "not_found" | "forbidden" | "invalid" | "conflict" | "unauthorized" | "rate_limited" | "too_large";

export abstract class RegistryError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly status: number;
  readonly fieldErrors: FieldErrors;
  constructor(message: string, fieldErrors: FieldErrors = {}) {
    super(message);
    this.name = new.target.name;
    this.fieldErrors = fieldErrors;
  }
}

/** Missing, or private and the actor may not read it: existence never leaks. */
export class NotFoundError extends RegistryError {
  readonly code = "not_found" as const;
  readonly status = 404;
  constructor(what = "Not found") {
    super(what);
  }
}

/** The actor may read the thing but not do this to it. */
export class ForbiddenError extends RegistryError {
  readonly code = "forbidden" as const;
  readonly status = 403;
}

export class InvalidError extends RegistryError {
  readonly code = "invalid" as const;
  readonly status = 400;
  static field(field: string, message: string): InvalidError {
    return new InvalidError(`${field}: ${message}`, { [field]: [message] });
  }
  static fromZod(err: ZodError): InvalidError {
    const fieldErrors: FieldErrors = {};
    for (const issue of err.issues) {
      const key = issue.path.length ? issue.path.join(".") : "_";
      (fieldErrors[key] ??= []).push(issue.message);
    }
    const first = Object.entries(fieldErrors)[0];
    const message = first ? (first[0] === "_" ? first[1][0] : `${first[0]}: ${first[1][0]}`) : "Invalid input";
    return new InvalidError(message, fieldErrors);
  }
}

export class ConflictError extends RegistryError {
  readonly code = "conflict" as const;
  readonly status = 409;
  static field(field: string, message: string): ConflictError {
    return new ConflictError(message, { [field]: [message] });
  }
}

/**
 * A change that locks people out (the actor's own admin access, or every admin but the organization's
 * owners): refused until the caller confirms it (`confirm: true` in the API, a checkbox in the form).
 */
export class ConfirmationRequiredError extends ConflictError {
  readonly consequences: string[];
  constructor(consequences: string[]) {
    const message = `${consequences.join(" ")} Confirm the change to go ahead.`;
    super(message, { confirm: [message] });
    this.consequences = consequences;
  }
}

export class UnauthorizedError extends RegistryError {
  readonly code = "unauthorized" as const;
  readonly status = 401;
  constructor(message = "Authentication required") {
    super(message);
  }
}

export class RateLimitedError extends RegistryError {
  readonly code = "rate_limited" as const;
  readonly status = 429;
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class TooLargeError extends RegistryError {
  readonly code = "too_large" as const;
  readonly status = 413;
}

/** The Postgres error code behind a driver error (postgres.js, PGlite, or drizzle's wrapper around either). */
export function pgErrorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 3 && e && typeof e === "object"; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export function pgConstraint(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 3 && e && typeof e === "object"; i++) {
    const c = (e as { constraint?: unknown; constraint_name?: unknown }).constraint ?? (e as { constraint_name?: unknown }).constraint_name;
    if (typeof c === "string") return c;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export const isUniqueViolation = (err: unknown) => pgErrorCode(err) === "23505";

/**
 * Two writes that locked the same rows in opposite orders (deadlock_detected, serialization_failure,
 * lock_not_available): PostgreSQL rolled one back, nothing was changed, and the same request can simply be
 * sent again. A 409 saying so, not a 500.
 */
export function concurrentWriteConflict(err: unknown): ConflictError | null {
  const code = pgErrorCode(err);
  // foreign_key_violation: what the write refers to (an organization, a model) was deleted meanwhile by another
  // request, between this one's checks and its write. Registry functions lock what they must; this is the net.
  if (code === "23503") return new ConflictError("Something this change refers to was removed by a concurrent change; nothing was changed.");
  if (code !== "40P01" && code !== "40001" && code !== "55P03") return null;
  return new ConflictError("A concurrent change to the same data got in the way; nothing was changed. Please try again.");
}
