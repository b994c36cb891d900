"use server";
// The settings pages' server actions: thin callers of the registry (which checks, validates and records).
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { registryDb } from "@/lib/registry/request";
import { currentActor } from "@/lib/auth/session";
import { formValues, toFormState, type FormState } from "@/lib/forms";
import { grantProjectAccess, revokeProjectAccess, setProjectTeams, type AccessChangeResult } from "@/lib/registry/project-access";
import { setPromotionSources, updateProjectSettings } from "@/lib/registry/project-settings";
import { deleteProject, FEATURES, updateProject } from "@/lib/registry/projects";

type Ref = { owner: string; project: string };
const tagsOf = (v: string | undefined) =>
  (v ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
const all = (fd: FormData, key: string) => fd.getAll(key).map(String);

async function run(ref: Ref, values: Record<string, string>, fn: () => Promise<unknown>, message = "Saved."): Promise<FormState> {
  try {
    await fn();
  } catch (err) {
    return toFormState(err, values);
  }
  revalidatePath(`/${ref.owner}/${ref.project}`, "layout");
  return { ok: true, message, values };
}

export async function saveGeneralAction(ref: Ref, _prev: FormState, fd: FormData): Promise<FormState> {
  const values = formValues(fd);
  let name: string;
  try {
    const a = await updateProject(await registryDb(), await currentActor(), ref.owner, ref.project, {
      name: values.name ?? "",
      description: values.description ?? "",
      tags: tagsOf(values.tags),
      readme: values.readme ?? "",
      ...(values.visibility ? { is_public: values.visibility === "public" } : {}),
    });
    name = a.project.name;
  } catch (err) {
    return toFormState(err, values);
  }
  revalidatePath(`/${ref.owner}`, "layout");
  // A rename moves the model: continue at its new address (the old one is now a 404).
  if (name !== ref.project) redirect(`/${ref.owner}/${name}/settings?renamed=${encodeURIComponent(ref.project)}`);
  return { ok: true, message: "Saved.", values };
}

export async function saveVisibilityAction(ref: Ref, isPublic: boolean, _prev: FormState): Promise<FormState> {
  return run(
    ref,
    {},
    async () => updateProject(await registryDb(), await currentActor(), ref.owner, ref.project, { is_public: isPublic }),
    isPublic ? "The model is now public." : "The model is now private.",
  );
}

export async function saveFeaturesAction(ref: Ref, _prev: FormState, fd: FormData): Promise<FormState> {
  const on = all(fd, "features");
  return run(ref, {}, async () =>
    updateProjectSettings(await registryDb(), await currentActor(), ref.owner, ref.project, { excluded_features: FEATURES.filter((f) => !on.includes(f)) }),
  );
}

export async function saveStagesAction(ref: Ref, _prev: FormState, fd: FormData): Promise<FormState> {
  return run(ref, {}, async () =>
    updateProjectSettings(await registryDb(), await currentActor(), ref.owner, ref.project, {
      protected_stages: all(fd, "protected"),
      require_approval: fd.get("requireApproval") === "on",
    }),
  );
}

/** One version per stage: which stages are exclusive and where their previous holder goes. */
export async function saveExclusiveAction(ref: Ref, _prev: FormState, fd: FormData): Promise<FormState> {
  return run(ref, {}, async () =>
    updateProjectSettings(await registryDb(), await currentActor(), ref.owner, ref.project, {
      exclusive_stages: all(fd, "exclusive"),
      exclusive_fallback: String(fd.get("fallback") ?? ""),
    }),
  );
}

/** The aliases only project admins may move (members' moves become requests when requests are on). */
export async function saveProtectedAliasesAction(ref: Ref, _prev: FormState, fd: FormData): Promise<FormState> {
  const values = formValues(fd);
  return run(ref, values, async () =>
    updateProjectSettings(await registryDb(), await currentActor(), ref.owner, ref.project, {
      protected_aliases: tagsOf(values.aliases).map((a) => a.replace(/^@/, "")),
    }),
  );
}

const confirmed = (fd: FormData | undefined) => fd?.get("confirm") === "yes";

/**
 * An access change, then: still an admin → stay on the page; otherwise leave it (it is now a 403 or a
 * 404) for the organization's page, with a notice of what the viewer is left with.
 */
async function accessChange(ref: Ref, values: Record<string, string>, fn: () => Promise<AccessChangeResult>, message: string): Promise<FormState> {
  let role: AccessChangeResult["role"];
  try {
    ({ role } = await fn());
  } catch (err) {
    return toFormState(err, values);
  }
  revalidatePath(`/${ref.owner}`, "layout");
  if (role === "admin") return { ok: true, message, values };
  redirect(`/${ref.owner}?${new URLSearchParams({ access: ref.project, ...(role ? { role } : {}) })}`);
}

export async function saveTeamsAction(ref: Ref, _prev: FormState, fd: FormData): Promise<FormState> {
  // "Open to the organization" wins over any boxes left ticked below it.
  const teams = fd.get("mode") === "open" ? [] : all(fd, "teams");
  if (fd.get("mode") === "teams" && teams.length === 0) {
    return {
      ok: false,
      message: "Choose at least one team, or open the model to the whole organization.",
      fieldErrors: { teams: ["choose at least one team"] },
    };
  }
  return accessChange(
    ref,
    {},
    async () => setProjectTeams(await registryDb(), await currentActor(), ref.owner, ref.project, teams, { confirm: confirmed(fd) }),
    "Saved.",
  );
}

export async function grantAction(ref: Ref, _prev: FormState, fd: FormData): Promise<FormState> {
  const values = formValues(fd, ["confirm"]);
  const result = await accessChange(
    ref,
    values,
    async () =>
      grantProjectAccess(
        await registryDb(),
        await currentActor(),
        ref.owner,
        ref.project,
        { user: values.user ?? "", role: values.role },
        { confirm: confirmed(fd) },
      ),
    `${values.user} now has ${values.role} access.`,
  );
  // Clear the field after a grant; keep what was typed after a failure.
  return result.ok ? { ...result, values: { role: values.role ?? "viewer" } } : result;
}

export async function revokeAction(ref: Ref, username: string, _prev: FormState, fd?: FormData): Promise<FormState> {
  return accessChange(
    ref,
    {},
    async () => revokeProjectAccess(await registryDb(), await currentActor(), ref.owner, ref.project, username, { confirm: confirmed(fd) }),
    `Removed ${username}'s grant.`,
  );
}

export async function saveSourcesAction(ref: Ref, _prev: FormState, fd: FormData): Promise<FormState> {
  return run(ref, {}, async () => setPromotionSources(await registryDb(), await currentActor(), ref.owner, ref.project, all(fd, "sources")));
}

export async function deleteProjectAction(ref: Ref, _prev: FormState): Promise<FormState> {
  try {
    await deleteProject(await registryDb(), await currentActor(), ref.owner, ref.project);
  } catch (err) {
    return toFormState(err);
  }
  revalidatePath(`/${ref.owner}`);
  redirect(`/${ref.owner}?${new URLSearchParams({ deleted: ref.project })}`);
}
