// The one rule for writes to a version in a protected stage (production unless the model's settings say
// otherwise). Its contents are frozen for everyone: meta_info, content, name, run reference, artifacts,
// connection and its files cannot change, and a forced registration cannot overwrite it — an admin gets a
// 409 (move it out first). A member may change nothing on it (403) but its stage. An admin may still edit
// its documentation: description, tags and readme. Files, versions and the version page all ask here.
import "server-only";
import type { Stage, Version } from "@/db/schema";
import { projectCan } from "@/lib/authz";
import type { Actor } from "./actor";
import type { ProjectAccess } from "./access";
import { ConflictError, ForbiddenError, UnauthorizedError } from "./errors";

// The same default as stages.ts protectedStages(); not imported from there, which would make an import cycle
// (stages → version-transfer → versions → here).
const protectedStages = (access: Pick<ProjectAccess, "project">): Stage[] => access.project.settings?.protectedStages ?? ["production"];

/** The fields an admin may still edit on a protected version: documentation, not contents. */
export const DOCUMENTATION_FIELDS = ["description", "tags", "readme"] as const;

type V = Pick<Version, "name" | "stage">;

/** The protected stage the version is in, or null when it may be written as usual. */
export function protectedStageOf(access: Pick<ProjectAccess, "project">, v: Pick<Version, "stage">): Stage | null {
  return protectedStages(access).includes(v.stage) ? v.stage : null;
}

/** Why the version's contents cannot change (shown on pages and in 409s), or null when they can. */
export function readOnlyReason(access: Pick<ProjectAccess, "project">, v: V, what = "contents"): string | null {
  const stage = protectedStageOf(access, v);
  if (!stage) return null;
  return `Version '${v.name}' is in the protected stage '${stage}': its ${what} are read-only; move it out first.`;
}

/** What the actor may edit on the version: everything, its documentation only, or nothing (the stage aside). */
export function versionEditMode(access: Pick<ProjectAccess, "project" | "role">, v: V): "all" | "documentation" | "none" {
  if (!projectCan(access.role, "version.write")) return "none";
  if (!protectedStageOf(access, v)) return "all";
  return projectCan(access.role, "stage.protected") ? "documentation" : "none";
}

/**
 * Throws unless the actor may make this change to the version. `touches` says what the change writes:
 * "documentation" (description, tags, readme only) or "contents" (anything else, files included).
 * A member on a protected version → 403; an admin changing contents → 409; otherwise allowed.
 * The caller has already checked the permission for the write itself (version.write, file.upload …).
 */
export function assertVersionWritable(access: ProjectAccess, actor: Actor, v: V, touches: "documentation" | "contents", what = "contents"): void {
  const stage = protectedStageOf(access, v);
  if (!stage) return;
  if (!projectCan(access.role, "stage.protected")) {
    const msg = `Version '${v.name}' is in the protected stage '${stage}': only a project admin may change it (its description, tags and readme); you may move its stage.`;
    if (actor.kind !== "user") throw new UnauthorizedError(msg);
    throw new ForbiddenError(msg);
  }
  if (touches === "contents") throw new ConflictError(readOnlyReason(access, v, what)!);
}

/** Whether a version update touches only documentation fields. */
export function onlyDocumentation(fields: string[]): boolean {
  return fields.every((f) => (DOCUMENTATION_FIELDS as readonly string[]).includes(f));
}
