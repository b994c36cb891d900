"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { registryDb } from "@/lib/registry/request";
import { currentActor } from "@/lib/auth/session";
import { formValues, toFormState, type FormState } from "@/lib/forms";
import { updateInputFromForm } from "@/lib/registry/version-form";
import { updateVersion } from "@/lib/registry/versions";

/** `fields: "documentation"` (a protected version, edited by an admin) sends only description, tags and readme. */
export async function updateVersionAction(
  ref: { owner: string; project: string; version: string },
  fields: "all" | "documentation",
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  const values = formValues(formData);
  let name: string;
  try {
    // The documentation-only form has its other fields disabled (not sent): check what it sends, under its name.
    const all = updateInputFromForm(fields === "documentation" ? { ...values, name: ref.version } : values);
    const input = fields === "documentation" ? { description: all.description, tags: all.tags, readme: all.readme } : all;
    const r = await updateVersion(await registryDb(), await currentActor(), ref.owner, ref.project, "model", ref.version, input);
    name = r.version.name;
  } catch (err) {
    return toFormState(err, values);
  }
  revalidatePath(`/${ref.owner}/${ref.project}/versions`, "layout");
  redirect(`/${ref.owner}/${ref.project}/versions/${encodeURIComponent(name)}`);
}
