import { api } from "@/lib/api/handler";
import { deployedWire } from "@/lib/api/openapi/deployed";
import { listDeployed } from "@/lib/registry/deployed";

type Params = { org: string };

/** What the organization has in production, of the models the caller may read (lib/registry/deployed.ts). */
export const GET = api<Params>(async ({ req, db, actor, params }) => {
  const url = new URL(req.url);
  const input = Object.fromEntries([...url.searchParams].filter(([k]) => k === "q" || k === "limit"));
  return deployedWire(await listDeployed(db, actor, params.org, input));
});
