"use server";
import { headers } from "next/headers";
import { registryDb } from "@/lib/registry/request";
import { clientIp } from "@/lib/auth/ip";
import { formValues, toFormState, type FormState } from "@/lib/forms";
import { anonymous } from "@/lib/registry/actor";
import { signUp } from "@/lib/registry/users";

export async function signUpAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["password"]);
  try {
    await signUp(
      await registryDb(),
      anonymous,
      { username: values.username ?? "", email: values.email ?? "", password: String(formData.get("password") ?? ""), name: values.name },
      clientIp(await headers()),
    );
    return { ok: true, values };
  } catch (err) {
    return toFormState(err, values);
  }
}
