"use server";
// Server actions of the Settings → Webhooks pages (model and organization): thin callers of lib/registry/webhooks.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { registryDb } from "@/lib/registry/request";
import { currentActor } from "@/lib/auth/session";
import { formValues, toFormState, type FormState } from "@/lib/forms";
import { createWebhook, deleteWebhook, pingWebhook, redeliver, updateWebhook, type WebhookScope } from "@/lib/registry/webhooks";

/** The form state of creating a hook or rotating its secret: the secret travels once, in this answer. */
export type SecretState = FormState & { secret?: string; id?: number };

const basePath = (s: WebhookScope) => ("org" in s ? `/${s.org}/settings/webhooks` : `/${s.owner}/${s.project}/settings/webhooks`);

export async function createWebhookAction(scope: WebhookScope, _prev: SecretState, fd: FormData): Promise<SecretState> {
  const values = formValues(fd);
  const events = fd.get("all") === "on" ? ["*"] : fd.getAll("events").map(String);
  try {
    const { webhook, secret } = await createWebhook(await registryDb(), await currentActor(), scope, {
      url: values.url ?? "",
      events: events.length ? events : [],
      description: values.description ?? "",
      active: true,
    });
    revalidatePath(basePath(scope));
    return { ok: true, secret, id: webhook.id, message: "Webhook created." };
  } catch (err) {
    return toFormState(err, values);
  }
}

export async function rotateSecretAction(scope: WebhookScope, id: number, _prev: SecretState): Promise<SecretState> {
  try {
    const { secret } = await updateWebhook(await registryDb(), await currentActor(), scope, id, { rotate_secret: true });
    return { ok: true, secret, message: "New secret generated." };
  } catch (err) {
    return toFormState(err);
  }
}

export async function setActiveAction(scope: WebhookScope, id: number, active: boolean, _prev: FormState): Promise<FormState> {
  try {
    await updateWebhook(await registryDb(), await currentActor(), scope, id, { active });
  } catch (err) {
    return toFormState(err);
  }
  revalidatePath(basePath(scope));
  return { ok: true, message: active ? "Webhook turned on." : "Webhook turned off." };
}

export async function pingAction(scope: WebhookScope, id: number, _prev: FormState): Promise<FormState> {
  try {
    const { delivery } = await pingWebhook(await registryDb(), await currentActor(), scope, id);
    revalidatePath(`${basePath(scope)}/${id}`);
    return { ok: true, message: `Ping queued (delivery ${delivery}).` };
  } catch (err) {
    return toFormState(err);
  }
}

export async function redeliverAction(scope: WebhookScope, id: number, delivery: string, _prev: FormState): Promise<FormState> {
  try {
    await redeliver(await registryDb(), await currentActor(), scope, id, delivery);
    revalidatePath(`${basePath(scope)}/${id}`);
    return { ok: true, message: "Redelivery queued." };
  } catch (err) {
    return toFormState(err);
  }
}

export async function deleteWebhookAction(scope: WebhookScope, id: number, _prev: FormState): Promise<FormState> {
  try {
    await deleteWebhook(await registryDb(), await currentActor(), scope, id);
  } catch (err) {
    return toFormState(err);
  }
  revalidatePath(basePath(scope));
  redirect(basePath(scope));
}
