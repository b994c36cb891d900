// What Polyaxon's clients ask before they log in: who we are and which client versions we accept.
import pkg from "@/package.json";

export const INSTALLATION_KEY = "modelreg";
/** Polyaxon's CLI refuses dist "ce", "local", "sandbox" or empty (POLYAXON-WIRE.md). */
export const DIST = "modelreg";

export function installation(host: string) {
  return { key: INSTALLATION_KEY, version: pkg.version, dist: DIST, host, auth: ["token", "password"] };
}

/** Polyaxon's V1Compatibility: exactly cli/platform/agent/ui, each {min, latest}; unknown keys are rejected. */
export function compatibility(service: string) {
  const v = { min: "1.0.0", latest: "2.16.4" };
  if (service === "cli" || service === "platform" || service === "agent" || service === "ui") return { [service]: v };
  return { cli: v };
}
