"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { registryDb } from "@/lib/registry/request";
import { currentActor } from "@/lib/auth/session";
import { formValues, toFormState, type FormState } from "@/lib/forms";
import { createOrganization } from "@/lib/registry/orgs";

export async function createOrgAction(_prev: FormState, fd: FormData): Promise<FormState> {
  const values = formValues(fd);
  let name: string;
  try {
    const org = await createOrganization(await registryDb(), await currentActor(), {
      name: values.name ?? "",
      displayName: values.displayName,
      description: values.description,
    });
    name = org.name;
  } catch (err) {
    return toFormState(err, values);
  }
  revalidatePath("/", "layout");
  redirect(`/${name}?created=1`);
}
