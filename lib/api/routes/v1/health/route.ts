// Readiness: whether this instance can serve — the database answers a query and the blob store answers a lookup —
// each within a bound, so a load balancer's probe never hangs on a dead dependency.
import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { getBlobStore } from "@/lib/storage";

const PROBE_MS = 3000;
const NO_BLOB = "0".repeat(64);

async function probe(check: () => Promise<unknown>): Promise<"ok" | "unavailable"> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([check(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("timeout")), PROBE_MS)))]);
    return "ok";
  } catch {
    return "unavailable";
  } finally {
    clearTimeout(timer);
  }
}

/** `{"status":"ok","database":"ok","store":"ok"}`; a 503 naming what does not answer. */
export async function GET() {
  const [database, store] = await Promise.all([probe(async () => (await getDb()).execute(sql`select 1`)), probe(() => getBlobStore().exists(NO_BLOB))]);
  const ok = database === "ok" && store === "ok";
  return Response.json({ status: ok ? "ok" : "unavailable", database, store }, { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}
