"use server";
import { revalidatePath } from "next/cache";
import { registryDb } from "@/lib/registry/request";
import { currentActor } from "@/lib/auth/session";
import { formValues, toFormState, type FormState } from "@/lib/forms";
import { createToken, revokeToken } from "@/lib/registry/tokens";

/** The form state of token creation: the new token travels once, in this answer, and nowhere else. */
export type NewTokenState = FormState & { token?: string; name?: string };

export async function createTokenAction(_prev: NewTokenState, fd: FormData): Promise<NewTokenState> {
  const values = formValues(fd);
  try {
    const expiry = values.expiresInDays && values.expiresInDays !== "never" ? values.expiresInDays : undefined;
    const { token, info } = await createToken(await registryDb(), await currentActor(), { name: values.name ?? "", expiresInDays: expiry });
    revalidatePath("/settings/tokens");
    return { ok: true, token, name: info.name };
  } catch (err) {
    return toFormState(err, values);
  }
}

export async function revokeTokenAction(id: number, _prev: FormState): Promise<FormState> {
  try {
    await revokeToken(await registryDb(), await currentActor(), id);
  } catch (err) {
    return toFormState(err);
  }
  revalidatePath("/settings/tokens");
  return { ok: true, message: "Revoked." };
}
