import { api } from "@/lib/api/handler";
import { searchWire } from "@/lib/api/openapi/search";
import { clientIp } from "@/lib/auth/ip";
import { search } from "@/lib/registry/search";

/** `?q=…&type=models|versions|runs&limit=` → what the caller may read that matches, ranked (lib/registry/search.ts). */
export const GET = api(async ({ req, db, actor }) => {
  const url = new URL(req.url);
  const input = Object.fromEntries([...url.searchParams].filter(([k]) => k === "q" || k === "type" || k === "limit"));
  return searchWire(await search(db, actor, input, { ip: clientIp(req.headers) }));
});
