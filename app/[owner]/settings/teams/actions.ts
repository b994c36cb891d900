"use server";
// Server actions of the teams pages: thin callers of lib/registry/teams.ts.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { registryDb } from "@/lib/registry/request";
import { currentActor } from "@/lib/auth/session";
import { formValues, toFormState, type FormState } from "@/lib/forms";
import { createTeam, deleteTeam, removeTeamMember, setTeamMember, updateTeam } from "@/lib/registry/teams";

const str = (fd: FormData, k: string) => (typeof fd.get(k) === "string" ? String(fd.get(k)) : undefined);

export async function createTeamAction(org: string, _prev: FormState, fd: FormData): Promise<FormState> {
  const values = formValues(fd);
  let name: string;
  try {
    name = (await createTeam(await registryDb(), await currentActor(), org, { name: str(fd, "name") ?? "", description: str(fd, "description") })).name;
  } catch (err) {
    return toFormState(err, values);
  }
  revalidatePath(`/${org}/settings/teams`);
  redirect(`/${org}/settings/teams/${name}`);
}

export async function updateTeamAction(org: string, team: string, _prev: FormState, fd: FormData): Promise<FormState> {
  const values = formValues(fd);
  let name: string;
  try {
    name = (await updateTeam(await registryDb(), await currentActor(), org, team, { name: str(fd, "name"), description: str(fd, "description") })).name;
  } catch (err) {
    return toFormState(err, values);
  }
  revalidatePath(`/${org}/settings/teams`, "layout");
  if (name !== team) redirect(`/${org}/settings/teams/${name}`);
  return { ok: true, message: "Saved.", values };
}

export async function deleteTeamAction(org: string, team: string, _prev: FormState, fd: FormData): Promise<FormState> {
  const values = formValues(fd);
  try {
    await deleteTeam(await registryDb(), await currentActor(), org, team, { confirmName: str(fd, "confirm") ?? "" });
  } catch (err) {
    return toFormState(err, values);
  }
  revalidatePath(`/${org}/settings/teams`, "layout");
  redirect(`/${org}/settings/teams`);
}

export async function setTeamMemberAction(org: string, team: string, _prev: FormState, fd: FormData): Promise<FormState> {
  const values = formValues(fd);
  try {
    const { member, created } = await setTeamMember(await registryDb(), await currentActor(), org, team, str(fd, "user") ?? "", {
      role: str(fd, "role") as never,
    });
    revalidatePath(`/${org}/settings/teams`, "layout");
    return { ok: true, message: created ? `Added ${member.username} as ${member.role}.` : `${member.username} is now ${member.role}.` };
  } catch (err) {
    revalidatePath(`/${org}/settings/teams/${team}`);
    return toFormState(err, values);
  }
}

export async function removeTeamMemberAction(org: string, team: string, username: string, _prev: FormState): Promise<FormState> {
  try {
    await removeTeamMember(await registryDb(), await currentActor(), org, team, username);
  } catch (err) {
    return toFormState(err);
  }
  revalidatePath(`/${org}/settings/teams`, "layout");
  return { ok: true, message: `Removed ${username} from ${team}.` };
}
