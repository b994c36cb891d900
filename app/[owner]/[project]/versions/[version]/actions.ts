"use server";
// The version page's actions: thin callers of the registry, which checks every permission again.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { currentActor } from "@/lib/auth/session";
import { formValues, toFormState, type FormState } from "@/lib/forms";
import { changeStage } from "@/lib/registry/stages";
import { copyVersion, transferVersion } from "@/lib/registry/version-transfer";
import { deleteVersion } from "@/lib/registry/versions";

export type VersionRef = { owner: string; project: string; version: string };

const pathOf = (r: { owner: string; project: string }, version?: string) =>
  `/${r.owner}/${r.project}/versions${version ? `/${encodeURIComponent(version)}` : ""}`;

export async function changeStageAction(ref: VersionRef, _prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  try {
    await changeStage(await getDb(), await currentActor(), ref.owner, ref.project, "model", ref.version, {
      condition: { type: values.stage, status: true, reason: values.reason || "Manual change", message: values.message ?? "" },
    });
  } catch (err) {
    return toFormState(err, values);
  }
  revalidatePath(pathOf(ref, ref.version));
  revalidatePath(pathOf(ref));
  return { ok: true, message: `Moved to ${values.stage}.` };
}

export async function deleteVersionAction(ref: VersionRef, _prev: FormState): Promise<FormState> {
  try {
    await deleteVersion(await getDb(), await currentActor(), ref.owner, ref.project, "model", ref.version);
  } catch (err) {
    return toFormState(err);
  }
  revalidatePath(pathOf(ref));
  redirect(pathOf(ref));
}

/** Transfer or copy, from the move dialog; lands on the version in its new place. */
export async function moveVersionAction(ref: VersionRef, _prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  let to: { owner: string; project: string; version: string };
  try {
    const db = await getDb();
    const actor = await currentActor();
    const input = { project: values.project ?? "", ...(values.mode === "copy" && values.name?.trim() ? { name: values.name } : {}) };
    const r = values.mode === "copy"
      ? await copyVersion(db, actor, ref.owner, ref.project, "model", ref.version, input)
      : await transferVersion(db, actor, ref.owner, ref.project, "model", ref.version, input);
    to = { owner: r.access.org.name, project: r.access.project.name, version: r.version.name };
  } catch (err) {
    return toFormState(err, values);
  }
  revalidatePath(pathOf(ref));
  redirect(pathOf(to, to.version));
}
