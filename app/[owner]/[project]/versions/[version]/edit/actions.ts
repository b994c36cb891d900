"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { currentActor } from "@/lib/auth/session";
import { formValues, toFormState, type FormState } from "@/lib/forms";
import { updateInputFromForm } from "@/lib/registry/version-form";
import { updateVersion } from "@/lib/registry/versions";

export async function updateVersionAction(ref: { owner: string; project: string; version: string }, _prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  let name: string;
  try {
    const r = await updateVersion(await getDb(), await currentActor(), ref.owner, ref.project, "model", ref.version, updateInputFromForm(values));
    name = r.version.name;
  } catch (err) {
    return toFormState(err, values);
  }
  revalidatePath(`/${ref.owner}/${ref.project}/versions`, "layout");
  redirect(`/${ref.owner}/${ref.project}/versions/${encodeURIComponent(name)}`);
}
