// The run of a run page, loaded once per request: by the layout first — outside the loading boundary,
// so a missing run is a real 404 (and a run of another model a real redirect), not a 200 streamed
// around the skeleton — then by the page.
import "server-only";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { registryDb } from "@/lib/registry/request";
import { currentActor } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/registry/errors";
import { getRun, locateRun } from "@/lib/registry/runs";

export const loadRunPage = cache(async (owner: string, project: string, uuid: string) => {
  const [db, actor] = await Promise.all([registryDb(), currentActor()]);
  const found = await getRun(db, actor, owner, project, uuid).catch(async (err) => {
    if (!(err instanceof NotFoundError)) throw err;
    // A link that only knows the run's uuid (e.g. from a version of another project) lands on its own project.
    const home = await locateRun(db, actor, uuid).catch(() => null);
    if (home && (home.owner !== owner.toLowerCase() || home.project !== project.toLowerCase())) redirect(`/${home.owner}/${home.project}/runs/${uuid}`);
    notFound();
  });
  return { db, actor, ...found };
});
