"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { registryDb } from "@/lib/registry/request";
import { currentActor } from "@/lib/auth/session";
import { formValues, toFormState, type FormState } from "@/lib/forms";
import { createProject } from "@/lib/registry/projects";

export async function createModelAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  let target: string;
  try {
    const a = await createProject(await registryDb(), await currentActor(), values.owner ?? "", {
      name: values.name ?? "",
      description: values.description ?? "",
      tags: (values.tags ?? "")
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean),
      is_public: values.visibility === "public",
      readme: values.readme ?? "",
    });
    target = `/${a.org.name}/${a.project.name}`;
    revalidatePath(`/${a.org.name}`);
  } catch (err) {
    return toFormState(err, values);
  }
  redirect(target);
}
