import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { registryDb } from "@/lib/registry/request";
import { projectCan } from "@/lib/authz";
import { currentActor } from "@/lib/auth/session";
import { loadProjectAccess } from "@/lib/registry/access";
import { NotFoundError } from "@/lib/registry/errors";
import { nextVersionName } from "@/lib/registry/versions";
import { Alert } from "@/components/ui/alert";
import { VersionForm } from "@/components/version/version-form";
import { registerVersionAction } from "./actions";

// The layout answers 404 for an invisible model; the page, rendered beside it, must not throw meanwhile.
const notFoundOr = (err: unknown): never => {
  if (err instanceof NotFoundError) notFound();
  throw err;
};

type Props = { params: Promise<{ owner: string; project: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { owner, project } = await params;
  return { title: `Register a version · ${owner}/${project}` };
}

export default async function NewVersionPage({ params }: Props) {
  const { owner, project } = await params;
  // The layout has already turned an invisible model into a 404; the registry checks again on submit.
  const db = await registryDb();
  const access = await loadProjectAccess(db, await currentActor(), owner, project).catch(notFoundOr);
  // A hint only: the registration picks the name again under the project lock.
  const next = await nextVersionName(db, access.project.id, "model");
  const base = `/${access.org.name}/${access.project.name}`;
  const ref = { owner: access.org.name, project: access.project.name };
  return (
    <div className="mx-auto max-w-4xl">
      <nav aria-label="Breadcrumb" className="mb-1 text-sm text-zinc-500 dark:text-zinc-400">
        <Link href={`${base}/versions`} className="hover:underline">
          Versions
        </Link>{" "}
        <span aria-hidden>/</span>
      </nav>
      <h2 className="mb-1 text-xl font-semibold">Register a version</h2>
      <p className="mb-6 text-sm text-zinc-600 dark:text-zinc-400">
        A new version starts in <em>testing</em>. From a script:{" "}
        <code className="rounded bg-zinc-100 px-1 font-mono text-xs dark:bg-zinc-800">
          modelreg models register -p {ref.owner}/{ref.project}
        </code>
      </p>
      {projectCan(access.role, "version.write") ? (
        <VersionForm action={registerVersionAction.bind(null, ref)} mode="register" cancelHref={`${base}/versions`} nextName={next} />
      ) : (
        <Alert tone="info">
          Registering versions of {ref.owner}/{ref.project} needs member access. Ask a project admin.
        </Alert>
      )}
    </div>
  );
}
