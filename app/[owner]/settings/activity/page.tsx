// The organization's activity: every change to it, its members, teams and the models the viewer may see.
import type { Metadata } from "next";
import { listOrgActivity } from "@/lib/registry/org-activity";
import { ActivityList } from "@/components/org/activity-list";
import { listParams } from "@/lib/page-params";
import { Pager } from "@/components/ui/pager";
import { loadOrgPage } from "../load";
import { SettingsSection } from "../section";

const PAGE_SIZE = 50;
type Props = { params: Promise<{ owner: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Activity · ${(await params).owner}` };
}

export default async function OrgActivityPage({ params, searchParams }: Props) {
  const { db, actor, org } = await loadOrgPage((await params).owner);
  const { offset, limit } = listParams(await searchParams, PAGE_SIZE);
  const { count, capped, rows } = await listOrgActivity(db, actor, org.name, { limit, offset });
  return (
    <SettingsSection title="Activity" description="Every change, newest first. Changes to models you cannot see are left out.">
      <ActivityList rows={rows} org={org.name} />
      {count > limit || offset > 0 ? (
        <Pager basePath={`/${org.name}/settings/activity`} params={{}} offset={offset} limit={limit} count={count} capped={capped} />
      ) : null}
    </SettingsSection>
  );
}
