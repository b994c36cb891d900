// The password policy, in one place: sign-up, password change, and anything else that sets a password. Beyond
// the length rule (signUpSchema), a password must not contain the username and must not be common or easy to
// guess, as judged by zxcvbn-ts with its common-password and diceware dictionaries (maintained lists).
import "server-only";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import { InvalidError } from "./errors";

/** zxcvbn's score 0–4; 3 means about 10^8 guesses or more ("safely unguessable" online). */
const MIN_SCORE = 3;

let factory: ZxcvbnFactory | undefined;
function zxcvbn(): ZxcvbnFactory {
  // Built once per process: unpacking the dictionaries takes a few hundred milliseconds.
  factory ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });
  return factory;
}

export type PasswordOwner = { username: string; email?: string; name?: string };

/** Why `password` may not be used by `owner`, or null when it may. */
export function passwordProblem(password: string, owner: PasswordOwner): string | null {
  const lower = password.toLowerCase();
  const username = owner.username.trim().toLowerCase();
  if (username.length >= 3 && lower.includes(username)) return "must not contain your username";
  const inputs = [username, owner.email?.split("@")[0] ?? "", ...(owner.name ?? "").split(/\s+/)].filter((s) => s.length >= 3);
  const result = zxcvbn().check(password.slice(0, 100), inputs);
  if (result.score < MIN_SCORE) return "is too common or too easy to guess: use a longer phrase of unrelated words";
  return null;
}

/** Throws a 400 naming `field` when the policy refuses the password. */
export function assertPasswordPolicy(password: string, owner: PasswordOwner, field = "password"): void {
  const problem = passwordProblem(password, owner);
  if (problem) throw InvalidError.field(field, problem);
}
