import { api } from "@/lib/api/handler";
import { recentWire } from "@/lib/api/openapi/deployed";
import { listRecentChanges } from "@/lib/registry/org-recent";

type Params = { org: string };

/** The newest version changes across the organization's models the caller may read (lib/registry/org-recent.ts). */
export const GET = api<Params>(async ({ req, db, actor, params }) => {
  const url = new URL(req.url);
  const input = Object.fromEntries([...url.searchParams].filter(([k]) => k === "limit"));
  return recentWire(await listRecentChanges(db, actor, params.org, input));
});
