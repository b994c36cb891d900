"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { registryDb } from "@/lib/registry/request";
import { currentActor } from "@/lib/auth/session";
import { formValues, toFormState, type FormState } from "@/lib/forms";
import { registerInputFromForm } from "@/lib/registry/version-form";
import { registerVersion } from "@/lib/registry/versions";

export async function registerVersionAction(ref: { owner: string; project: string }, _prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  let name: string;
  try {
    const r = await registerVersion(await registryDb(), await currentActor(), ref.owner, ref.project, "model", registerInputFromForm(values));
    name = r.version.name;
  } catch (err) {
    return toFormState(err, values);
  }
  revalidatePath(`/${ref.owner}/${ref.project}/versions`);
  redirect(`/${ref.owner}/${ref.project}/versions/${encodeURIComponent(name)}`);
}
