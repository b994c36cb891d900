"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { registryDb } from "@/lib/registry/request";
import { currentActor } from "@/lib/auth/session";
import { formValues, toFormState, type FormState } from "@/lib/forms";
import { promoteRun } from "@/lib/registry/promote";

type Ref = { owner: string; project: string; uuid: string };

/** The promote dialog: on success, straight to the new version's page. */
export async function promoteAction(ref: Ref, _prev: FormState, fd: FormData): Promise<FormState> {
  const values = formValues(fd, ["artifacts"]);
  let to: string;
  try {
    const r = await promoteRun(await registryDb(), await currentActor(), ref.owner, ref.project, ref.uuid, {
      project: values.target ?? "",
      ...(values.name?.trim() ? { name: values.name } : {}),
      ...(values.description?.trim() ? { description: values.description } : {}),
      tags: (values.tags ?? "")
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean),
      artifacts: fd.getAll("artifacts").map(String),
    });
    to = `/${r.access.org.name}/${r.access.project.name}/versions/${encodeURIComponent(r.version.name)}`;
  } catch (err) {
    return toFormState(err, values);
  }
  revalidatePath(`/${ref.owner}/${ref.project}/runs/${ref.uuid}`);
  redirect(to);
}
