"use server";
// Server actions of organization settings: thin callers of lib/registry (which checks every permission).
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { registryDb } from "@/lib/registry/request";
import { currentActor } from "@/lib/auth/session";
import { formValues, toFormState, type FormState } from "@/lib/forms";
import { addMember, changeMemberRole, leaveOrganization, removeMember } from "@/lib/registry/members";
import { deleteOrganization, updateOrganization } from "@/lib/registry/orgs";

const str = (fd: FormData, k: string) => (typeof fd.get(k) === "string" ? String(fd.get(k)) : undefined);

export async function updateOrgAction(org: string, _prev: FormState, fd: FormData): Promise<FormState> {
  const values = formValues(fd);
  try {
    await updateOrganization(await registryDb(), await currentActor(), org, { displayName: str(fd, "displayName"), description: str(fd, "description") });
  } catch (err) {
    return toFormState(err, values);
  }
  revalidatePath(`/${org}`, "layout");
  return { ok: true, message: "Saved.", values };
}

export async function renameOrgAction(org: string, _prev: FormState, fd: FormData): Promise<FormState> {
  const values = formValues(fd);
  let name: string;
  try {
    name = (await updateOrganization(await registryDb(), await currentActor(), org, { name: str(fd, "name") ?? "" })).name;
  } catch (err) {
    return toFormState(err, values);
  }
  revalidatePath("/", "layout");
  redirect(`/${name}/settings?renamed=1`);
}

export async function deleteOrgAction(org: string, _prev: FormState, fd: FormData): Promise<FormState> {
  const values = formValues(fd);
  try {
    await deleteOrganization(await registryDb(), await currentActor(), org, { confirmName: str(fd, "confirm") ?? "" });
  } catch (err) {
    return toFormState(err, values);
  }
  revalidatePath("/", "layout");
  redirect(`/?deleted=${encodeURIComponent(org)}`);
}

export async function addMemberAction(org: string, _prev: FormState, fd: FormData): Promise<FormState> {
  const values = formValues(fd);
  try {
    const m = await addMember(await registryDb(), await currentActor(), org, { user: str(fd, "user") ?? "", role: str(fd, "role") as never });
    revalidatePath(`/${org}/settings/members`);
    return { ok: true, message: `Added ${m.username} as ${m.role}.` };
  } catch (err) {
    return toFormState(err, values);
  }
}

export async function changeRoleAction(org: string, username: string, _prev: FormState, fd: FormData): Promise<FormState> {
  try {
    const m = await changeMemberRole(await registryDb(), await currentActor(), org, username, { role: str(fd, "role") as never });
    revalidatePath(`/${org}/settings/members`);
    return { ok: true, message: `${m.username} is now ${m.role}.` };
  } catch (err) {
    revalidatePath(`/${org}/settings/members`);
    return toFormState(err);
  }
}

export async function removeMemberAction(org: string, username: string, _prev: FormState): Promise<FormState> {
  try {
    await removeMember(await registryDb(), await currentActor(), org, username);
  } catch (err) {
    return toFormState(err);
  }
  revalidatePath(`/${org}/settings/members`);
  return { ok: true, message: `Removed ${username}.` };
}

export async function leaveOrgAction(org: string, _prev: FormState): Promise<FormState> {
  try {
    await leaveOrganization(await registryDb(), await currentActor(), org);
  } catch (err) {
    return toFormState(err);
  }
  revalidatePath("/", "layout");
  redirect(`/?left=${encodeURIComponent(org)}`);
}
