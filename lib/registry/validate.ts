// Shared input rules: slugs, reserved names, and parsing that throws InvalidError with field errors.
import { z } from "zod";
import { InvalidError } from "./errors";

/** Names that are routes (DESIGN §6): refused for users, organizations and projects. */
export const RESERVED_NAMES = new Set([
  "api", "auth", "health", "inbox", "login", "logout", "new", "openapi.json", "orgs", "projects",
  "settings", "signup", "users",
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

/** Parses or throws InvalidError naming each field and its reason. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw InvalidError.fromZod(result.error);
  return result.data;
}
