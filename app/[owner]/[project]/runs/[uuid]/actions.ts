"use server";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { currentActor } from "@/lib/auth/session";
import { formValues, toFormState, type FormState } from "@/lib/forms";
import { promoteRun } from "@/lib/registry/runs";

export async function promoteAction(ref: { owner: string; project: string; uuid: string }, _prev: FormState, fd: FormData): Promise<FormState> {
  const values = formValues(fd);
  let to: string;
  try {
    const r = await promoteRun(await getDb(), await currentActor(), ref.owner, ref.project, ref.uuid, {
      project: values.target ?? "",
      name: values.name || undefined,
      description: values.description || undefined,
      tags: values.tags ? values.tags.split(",").map((t) => t.trim()).filter(Boolean) : undefined,
      artifacts: fd.getAll("artifacts").map(String),
    });
    to = `/${r.access.org.name}/${r.access.project.name}/versions/${r.version.name}`;
  } catch (err) {
    return toFormState(err, values);
  }
  redirect(to);
}
