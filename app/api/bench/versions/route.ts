// The benchmark's baseline (bench/versions.ts): the versions list's exact SQL (page + capped count, built by
// the same function the registry uses) executed on the raw postgres.js client, answered as raw rows — no
// authentication, no access check, no row mapping. A 404 unless MODELREG_BENCH=1, so it never ships enabled.
import { and, eq } from "drizzle-orm";
import { getDb, type DB } from "@/db";
import { organizations, projects } from "@/db/schema";
import { VERSION_QUERY } from "@/lib/registry/version-list";
import { runSteps, versionListQueries } from "@/lib/registry/version-list-plan";

type RawClient = { unsafe: (q: string, params: unknown[]) => { values: () => Promise<unknown[][]> } };
const ids = new Map<string, number>();

async function projectId(db: DB, owner: string, name: string): Promise<number | undefined> {
  const key = `${owner}/${name}`;
  if (!ids.has(key)) {
    const [p] = await db
      .select({ id: projects.id })
      .from(projects)
      .innerJoin(organizations, eq(organizations.id, projects.orgId))
      .where(and(eq(organizations.name, owner), eq(projects.name, name)))
      .limit(1);
    if (p) ids.set(key, p.id);
  }
  return ids.get(key);
}

export async function GET(req: Request): Promise<Response> {
  if (process.env.MODELREG_BENCH !== "1") return new Response("Not found", { status: 404 });
  const url = new URL(req.url);
  const p = (k: string) => url.searchParams.get(k) ?? "";
  const db = await getDb();
  const pid = await projectId(db, p("owner"), p("project"));
  if (pid === undefined) return new Response("Not found", { status: 404 });
  const limit = Number(p("limit") || 50);
  const q = versionListQueries(db, VERSION_QUERY, pid, "model", { query: p("query"), sort: p("sort"), limit, offset: 0 });
  const client = (db as unknown as { $client: RawClient }).$client;
  const steps = q.steps.map((s) => s.toSQL());
  const cnt = q.count.toSQL();
  if (p("explain") === "1") {
    // The plans of exactly these statements, for bench/RESULTS.md.
    const plan = async (x: { sql: string; params: unknown[] }) =>
      (await client.unsafe(`explain (analyze, buffers) ${x.sql}`, x.params).values()).map((r) => String(r[0])).join("\n");
    const pages = [];
    for (const step of steps) pages.push(await plan(step));
    return Response.json({ page: pages.join("\n-- then, when the first step returned fewer than `limit` rows:\n"), count: await plan(cnt), sql: { page: steps.map((x) => x.sql), count: cnt.sql } });
  }
  const [rows, c] = await Promise.all([
    runSteps(steps, limit, (i) => client.unsafe(steps[i].sql, steps[i].params).values()),
    p("count") === "0" ? null : client.unsafe(cnt.sql, cnt.params).values(),
  ]);
  return Response.json({ count: c ? Number(c[0][0]) : -1, results: rows });
}
