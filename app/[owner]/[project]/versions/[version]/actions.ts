"use server";
// The version page's actions: thin callers of the registry, which checks every permission again.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { registryDb } from "@/lib/registry/request";
import { currentActor } from "@/lib/auth/session";
import { formValues, toFormState, type FormState } from "@/lib/forms";
import { removeAlias, setAlias } from "@/lib/registry/aliases";
import { approveStageRequest, rejectStageRequest, withdrawStageRequest } from "@/lib/registry/approvals";
import { UnauthorizedError } from "@/lib/registry/errors";
import { changeStageOrRequest } from "@/lib/registry/stages";
import { copyVersion, transferVersion } from "@/lib/registry/version-transfer";
import { deleteVersion } from "@/lib/registry/versions";

export type VersionRef = { owner: string; project: string; version: string };

const pathOf = (r: { owner: string; project: string }, version?: string) =>
  `/${r.owner}/${r.project}/versions${version ? `/${encodeURIComponent(version)}` : ""}`;

/** A refusal as form state — except for a signed-out caller (a session that ended), who is sent to sign in and back. */
function refused(err: unknown, ref: VersionRef, values?: Record<string, string>): FormState {
  if (err instanceof UnauthorizedError) redirect(`/login?callbackUrl=${encodeURIComponent(pathOf(ref, ref.version))}`);
  return toFormState(err, values);
}

export async function changeStageAction(ref: VersionRef, _prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  let pending: boolean;
  try {
    const r = await changeStageOrRequest(await registryDb(), await currentActor(), ref.owner, ref.project, "model", ref.version, {
      condition: { type: values.stage, status: true, reason: values.reason || "Manual change", message: values.message ?? "" },
    });
    pending = r.pending;
  } catch (err) {
    return refused(err, ref, values);
  }
  revalidatePath(pathOf(ref, ref.version));
  revalidatePath(pathOf(ref));
  return { ok: true, message: pending ? `Asked a project admin to approve the move to ${values.stage}.` : `Moved to ${values.stage}.` };
}

const DECIDE = { approve: approveStageRequest, reject: rejectStageRequest, withdraw: withdrawStageRequest } as const;
const DONE = { approve: "Approved: the version moved.", reject: "Rejected.", withdraw: "Withdrawn." } as const;

/** Approve or reject (project admins) or withdraw (its author) the pending stage request shown on the page. */
export async function decideStageAction(ref: VersionRef, decision: keyof typeof DECIDE, _prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  try {
    await DECIDE[decision](await registryDb(), await currentActor(), ref.owner, ref.project, "model", ref.version, {
      request_id: values.request_id || undefined,
      reason: values.reason || undefined,
    });
  } catch (err) {
    return refused(err, ref, values);
  }
  revalidatePath(pathOf(ref, ref.version));
  revalidatePath(pathOf(ref));
  return { ok: true, message: DONE[decision] };
}

export async function deleteVersionAction(ref: VersionRef, _prev: FormState): Promise<FormState> {
  try {
    await deleteVersion(await registryDb(), await currentActor(), ref.owner, ref.project, "model", ref.version);
  } catch (err) {
    return refused(err, ref);
  }
  revalidatePath(pathOf(ref));
  redirect(`${pathOf(ref)}?${new URLSearchParams({ deleted: ref.version })}`);
}

/** Transfer or copy, from the move dialog; lands on the version in its new place. */
export async function moveVersionAction(ref: VersionRef, _prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  let to: { owner: string; project: string; version: string };
  try {
    const db = await registryDb();
    const actor = await currentActor();
    const input = { project: values.project ?? "", ...(values.mode === "copy" && values.name?.trim() ? { name: values.name } : {}) };
    const r =
      values.mode === "copy"
        ? await copyVersion(db, actor, ref.owner, ref.project, "model", ref.version, input)
        : await transferVersion(db, actor, ref.owner, ref.project, "model", ref.version, input);
    to = { owner: r.access.org.name, project: r.access.project.name, version: r.version.name };
  } catch (err) {
    return refused(err, ref, values);
  }
  revalidatePath(pathOf(ref));
  redirect(pathOf(to, to.version));
}

/** Set (or move here) an alias on this version; the model's pages all show aliases, so all are revalidated. */
export async function setAliasAction(ref: VersionRef, _prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  let moved: boolean;
  let pending: boolean;
  try {
    const r = await setAlias(await registryDb(), await currentActor(), ref.owner, ref.project, values.alias ?? "", { version: ref.version });
    moved = !r.created;
    pending = Boolean(r.pending);
  } catch (err) {
    return refused(err, ref, values);
  }
  revalidatePath(`/${ref.owner}/${ref.project}`, "layout");
  const name = `@${(values.alias ?? "").trim().toLowerCase()}`;
  if (pending) return { ok: true, message: `Asked a project admin to approve moving ${name} to ${ref.version}.` };
  return { ok: true, message: `${name} ${moved ? "now points at" : "set on"} ${ref.version}.` };
}

export async function removeAliasAction(ref: VersionRef, _prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  try {
    await removeAlias(await registryDb(), await currentActor(), ref.owner, ref.project, values.alias ?? "");
  } catch (err) {
    return refused(err, ref, values);
  }
  revalidatePath(`/${ref.owner}/${ref.project}`, "layout");
  return { ok: true, message: `Removed @${values.alias}.` };
}
