"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { registryDb } from "@/lib/registry/request";
import { currentActor } from "@/lib/auth/session";
import { formValues, toFormState, type FormState } from "@/lib/forms";
import { changePassword, updateProfile } from "@/lib/registry/account";

export async function updateProfileAction(_prev: FormState, fd: FormData): Promise<FormState> {
  const values = formValues(fd);
  try {
    await updateProfile(await registryDb(), await currentActor(), { name: values.name ?? "", email: values.email ?? "" });
  } catch (err) {
    return toFormState(err, values);
  }
  revalidatePath("/", "layout"); // the header's account menu shows the name and email
  return { ok: true, message: "Profile saved.", values };
}

export async function changePasswordAction(_prev: FormState, fd: FormData): Promise<FormState> {
  const str = (k: string) => (typeof fd.get(k) === "string" ? (fd.get(k) as string) : "");
  try {
    await changePassword(await registryDb(), await currentActor(), {
      currentPassword: str("currentPassword"),
      newPassword: str("newPassword"),
      confirmPassword: str("confirmPassword"),
    });
  } catch (err) {
    return toFormState(err); // passwords are never echoed back into the form
  }
  // Every browser session, this one included, ended with the old password.
  redirect("/login?reason=password-changed&callbackUrl=/settings/account");
}
