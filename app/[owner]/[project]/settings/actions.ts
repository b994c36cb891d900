"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { currentActor } from "@/lib/auth/session";
import { formValues, toFormState, type FormState } from "@/lib/forms";
import { updateProjectSettings } from "@/lib/registry/project-settings";
import { deleteProject, updateProject } from "@/lib/registry/projects";

type Ref = { owner: string; project: string };
const list = (v: string | undefined) => (v ?? "").split(/[,\n]/).map((s) => s.trim()).filter(Boolean);

export async function saveGeneralAction(ref: Ref, _prev: FormState, fd: FormData): Promise<FormState> {
  const values = formValues(fd);
  let name: string;
  try {
    const a = await updateProject(await getDb(), await currentActor(), ref.owner, ref.project, {
      name: values.name, description: values.description, tags: list(values.tags), readme: values.readme, is_public: values.visibility === "public",
    });
    name = a.project.name;
  } catch (err) {
    return toFormState(err, values);
  }
  revalidatePath(`/${ref.owner}/${name}`, "layout");
  // A rename moves the model: continue on its new address (the old one is now a 404).
  if (name !== ref.project) redirect(`/${ref.owner}/${name}/settings?renamed=1`);
  return { ok: true, message: "Saved.", values };
}

export async function saveSettingsAction(ref: Ref, kind: "features" | "access" | "promotion", _prev: FormState, fd: FormData): Promise<FormState> {
  const values = formValues(fd);
  const input =
    kind === "features"
      ? { excluded_features: ["runs", "models", "artifacts"].filter((f) => !fd.getAll("features").includes(f)), protected_stages: fd.getAll("protected").map(String) }
      : kind === "access"
        ? {
            teams: fd.getAll("teams").map(String),
            grants: list(values.grants).map((line) => {
              const [user, role = "viewer"] = line.split(/[\s:=]+/);
              return { user, role };
            }),
          }
        : { sources: fd.getAll("sources").map(String) };
  try {
    await updateProjectSettings(await getDb(), await currentActor(), ref.owner, ref.project, input);
  } catch (err) {
    return toFormState(err, values);
  }
  revalidatePath(`/${ref.owner}/${ref.project}`, "layout");
  return { ok: true, message: "Saved.", values };
}

export async function deleteProjectAction(ref: Ref): Promise<FormState> {
  try {
    await deleteProject(await getDb(), await currentActor(), ref.owner, ref.project);
  } catch (err) {
    return toFormState(err);
  }
  redirect(`/${ref.owner}`);
}
