import type { Metadata } from "next";
import { registryDb } from "@/lib/registry/request";
import { currentActor } from "@/lib/auth/session";
import { listParams } from "@/lib/page-params";
import { listProjectActivity } from "@/lib/registry/project-activity";
import { EmptyState } from "@/components/ui/empty-state";
import { Pager } from "@/components/ui/pager";
import { ActivityFeed } from "@/components/project/activity-feed";
import { orNotFound } from "../page-access";

type Props = { params: Promise<{ owner: string; project: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { owner, project } = await params;
  return { title: `Activity · ${owner}/${project}` };
}

export default async function ProjectActivity({ params, searchParams }: Props) {
  const { owner, project } = await params;
  const { offset, limit } = listParams(await searchParams, 30);
  const { access, rows, count, capped } = await orNotFound(listProjectActivity(await registryDb(), await currentActor(), owner, project, { limit, offset }));
  const base = `/${access.org.name}/${access.project.name}`;
  if (rows.length === 0 && offset === 0) {
    return <EmptyState title="No activity yet">Changes to this model, its settings and its versions will show up here.</EmptyState>;
  }
  return (
    <>
      <h2 className="sr-only">Activity</h2>
      <ActivityFeed rows={rows} base={base} />
      <Pager basePath={`${base}/activity`} params={{}} offset={offset} limit={limit} count={count} capped={capped} />
    </>
  );
}
