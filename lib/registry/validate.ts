// Shared input rules: slugs, reserved names, and parsing that throws InvalidError with field errors.
import { z } from "zod";
import { InvalidError } from "./errors";

/** Names that are routes (DESIGN §6): refused for users, organizations and projects. */
export const RESERVED_NAMES = new Set([
  "api",
  "auth",
  "explore",
  "health",
  "inbox",
  "login",
  "logout",
  "new",
  "openapi.json",
  "orgs",
  "projects",
  "search",
  "settings",
  "signup",
  "users",
]);

const notReserved = (v: string) => !RESERVED_NAMES.has(v.toLowerCase());

export const ownerSlug = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, "must be at least 2 characters")
  .max(39, "must be at most 39 characters")
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "may contain only letters, digits and single hyphens inside")
  .refine((v) => !v.includes("--"), "may not contain consecutive hyphens")
  .refine(notReserved, "is reserved");

export const projectSlug = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "is required")
  .max(128, "must be at most 128 characters")
  .regex(/^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/, "may contain letters, digits, '.', '_' and '-', and must start and end with a letter or digit")
  .refine(notReserved, "is reserved");

export const tagList = z
  .array(z.string().trim().min(1).max(64, "a tag is at most 64 characters"))
  .max(50, "at most 50 tags")
  .transform((tags) => [...new Set(tags)]);

/**
 * Why a string cannot be stored as PostgreSQL text or jsonb, or null when it can: PostgreSQL refuses NUL
 * (also as `\u0000` in jsonb) and a lone UTF-16 surrogate has no UTF-8 encoding.
 */
export function textProblem(value: string): string | null {
  if (value.includes("\0")) return "must not contain NUL characters";
  if (!value.isWellFormed()) return "contains invalid Unicode (a lone surrogate)";
  return null;
}

/** Throws InvalidError naming `field` when a string cannot be stored (see textProblem). */
export function assertStorableText(field: string, value: string): void {
  const problem = textProblem(value);
  if (problem) throw InvalidError.field(field, problem);
}

/**
 * Walks any JSON-like input (request bodies, jsonb payloads, form values) and refuses the first key or string
 * value PostgreSQL would refuse, naming its path (`meta.labels.0`). Every parse() runs it, so no schema has to
 * remember to.
 */
export function assertStorable(input: unknown, path = "", depth = 0): void {
  if (typeof input === "string") {
    assertStorableText(path || "_", input);
    return;
  }
  if (!input || typeof input !== "object") return;
  if (depth > MAX_DEPTH) throw InvalidError.field(path || "_", `is nested more than ${MAX_DEPTH} levels deep`);
  const name = (key: string | number) => (path ? `${path}.${key}` : String(key));
  if (Array.isArray(input)) {
    input.forEach((v, i) => {
      assertStorable(v, name(i), depth + 1);
    });
    return;
  }
  const proto = Object.getPrototypeOf(input);
  if (proto !== Object.prototype && proto !== null) return; // Dates, Files: not text
  for (const [k, v] of Object.entries(input)) {
    const problem = textProblem(k);
    if (problem) throw InvalidError.field(path || "_", `a key ${problem}`);
    assertStorable(v, name(k), depth + 1);
  }
}

const MAX_DEPTH = 64;

/** Parses or throws InvalidError naming each field and its reason (unstorable text first, see assertStorable). */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  assertStorable(input);
  const result = schema.safeParse(input);
  if (!result.success) throw InvalidError.fromZod(result.error);
  return result.data;
}
