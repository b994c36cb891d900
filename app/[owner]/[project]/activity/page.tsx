import { getDb } from "@/db";
import { currentActor } from "@/lib/auth/session";
import { listParams } from "@/lib/page-params";
import { listProjectActivity } from "@/lib/registry/projects";
import { EmptyState } from "@/components/ui/empty-state";
import { Pager } from "@/components/ui/pager";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";

export default async function ProjectActivity({ params, searchParams }: { params: Promise<{ owner: string; project: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { owner, project } = await params;
  const { offset, limit } = listParams(await searchParams, 30);
  const { rows, hasMore } = await listProjectActivity(await getDb(), await currentActor(), owner, project, { limit, offset });
  if (rows.length === 0 && offset === 0) return <EmptyState title="No activity yet">Changes to this model and its versions will show up here.</EmptyState>;
  return (
    <>
      <Table aria-label="Activity">
        <THead><tr><TH>Who</TH><TH>What</TH><TH>Target</TH><TH>Details</TH><TH>When</TH></tr></THead>
        <TBody>
          {rows.map((a) => (
            <TR key={a.id}>
              <TD className="font-medium">{a.actor ?? "—"}</TD>
              <TD>{a.verb.replace(/\./g, " ").replace(/_/g, " ")}</TD>
              <TD className="font-mono text-[13px]">{a.target}</TD>
              <TD className="max-w-xs truncate text-xs text-zinc-500">{Object.keys(a.details).length ? JSON.stringify(a.details) : ""}</TD>
              <TD className="whitespace-nowrap text-zinc-600 dark:text-zinc-400"><RelativeTime date={a.createdAt} /></TD>
            </TR>
          ))}
        </TBody>
      </Table>
      <Pager basePath={`/${owner}/${project}/activity`} params={{}} offset={offset} limit={limit} count={offset + rows.length + (hasMore ? 1 : 0)} />
    </>
  );
}
