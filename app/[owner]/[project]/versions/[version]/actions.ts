"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { currentActor } from "@/lib/auth/session";
import { formValues, toFormState, type FormState } from "@/lib/forms";
import { changeStage } from "@/lib/registry/stages";
import { deleteVersion } from "@/lib/registry/versions";

type Ref = { owner: string; project: string; version: string };

export async function changeStageAction(ref: Ref, _prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  try {
    await changeStage(await getDb(), await currentActor(), ref.owner, ref.project, "model", ref.version, {
      condition: { type: values.stage, status: true, reason: values.reason || "Manual", message: values.message ?? "" },
    });
  } catch (err) {
    return toFormState(err, values);
  }
  revalidatePath(`/${ref.owner}/${ref.project}/versions/${ref.version}`);
  return { ok: true, message: `Moved to ${values.stage}.` };
}

export async function deleteVersionAction(ref: Ref, _prev: FormState): Promise<FormState> {
  try {
    await deleteVersion(await getDb(), await currentActor(), ref.owner, ref.project, "model", ref.version);
  } catch (err) {
    return toFormState(err);
  }
  redirect(`/${ref.owner}/${ref.project}/versions`);
}
