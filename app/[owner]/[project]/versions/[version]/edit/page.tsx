import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { registryDb } from "@/lib/registry/request";
import { projectCan } from "@/lib/authz";
import { currentActor } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/registry/errors";
import { formValuesOf } from "@/lib/registry/version-form";
import { getVersion } from "@/lib/registry/versions";
import { protectedStageOf, versionEditMode } from "@/lib/registry/version-lock";
import { Alert } from "@/components/ui/alert";
import { VersionForm } from "@/components/version/version-form";
import { updateVersionAction } from "./actions";

type Props = { params: Promise<{ owner: string; project: string; version: string }> };

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { owner, project, version } = await params;
  return { title: `Edit ${decode(version)} · ${owner}/${project}` };
}

export default async function EditVersionPage({ params }: Props) {
  const { owner, project, version } = await params;
  const r = await getVersion(await registryDb(), await currentActor(), owner, project, "model", decode(version)).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const { access, version: v } = r;
  const ref = { owner: access.org.name, project: access.project.name, version: v.name };
  const page = `/${ref.owner}/${ref.project}/versions/${encodeURIComponent(v.name)}`;
  const editable = versionEditMode(access, v);
  const stage = protectedStageOf(access, v);
  const notice = !stage
    ? undefined
    : editable === "documentation"
      ? `${v.name} is in the protected stage '${stage}': its contents are read-only (move it out first); you may edit its description, tags and readme.`
      : `${v.name} is in the protected stage '${stage}': it is read-only; only a project admin may edit its description, tags and readme.`;
  return (
    <div className="mx-auto max-w-4xl">
      <nav aria-label="Breadcrumb" className="mb-1 text-sm text-zinc-500 dark:text-zinc-400">
        <Link href={`/${ref.owner}/${ref.project}/versions`} className="hover:underline">
          Versions
        </Link>{" "}
        <span aria-hidden>/</span>{" "}
        <Link href={page} className="font-mono hover:underline">
          {v.name}
        </Link>{" "}
        <span aria-hidden>/</span>
      </nav>
      <h2 className="mb-6 text-xl font-semibold">
        Edit <span className="font-mono">{v.name}</span>
      </h2>
      {projectCan(access.role, "version.write") ? (
        <VersionForm
          action={updateVersionAction.bind(null, ref, editable === "documentation" ? "documentation" : "all")}
          mode="edit"
          defaults={formValuesOf(v)}
          cancelHref={page}
          editable={editable}
          notice={notice}
        />
      ) : (
        <Alert tone="info">
          Editing versions of {ref.owner}/{ref.project} needs member access.
        </Alert>
      )}
    </div>
  );
}
