// The benchmark's baseline (bench/versions.ts): the same work as the API's versions list and version get, done
// by hand on bare node:http + postgres.js — no router, no framework, no registry layer. Per request: the caller
// (one token query when a Bearer token is sent), the project with the caller's membership (one query), then
// the list's exact SQL (page + capped count, built by the function the registry uses, run on the raw client)
// and the same JSON fields as the API's answer. Never part of the app: started by the benchmark only.
//
//   BARE_PORT=3214 DATABASE_URL=postgres://…/bench_modelreg npx tsx --conditions=react-server bench/bare-server.ts
import crypto from "node:crypto";
import http from "node:http";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "@/db/schema";
import type { DB } from "@/db";
import { VERSION_QUERY } from "@/lib/registry/version-list";
import { runSteps, versionListQueries } from "@/lib/registry/version-list-plan";
import { viewColumns } from "@/lib/registry/version-view";

const client = postgres(process.env.DATABASE_URL!, { max: 10, onnotice: () => {} });
const db = drizzle(client, { schema }) as unknown as DB;
const FIELDS = Object.keys(viewColumns);

type Row = Record<string, unknown>;

async function caller(req: http.IncomingMessage): Promise<number | null | "bad"> {
  const auth = req.headers.authorization;
  if (!auth?.startsWith("Bearer ")) return null;
  const hash = crypto.createHash("sha256").update(auth.slice(7)).digest("hex");
  const [u] = await client`select u.id from api_tokens t join users u on u.id = t.user_id
    where t.token_hash = ${hash} and (t.expires_at is null or t.expires_at > now()) limit 1`;
  return u ? (u.id as number) : "bad";
}

async function project(owner: string, name: string, userId: number | null) {
  const [p] = await client`select p.id, p.name, o.name as org, p.is_public, m.role from projects p
    join organizations o on o.id = p.org_id
    left join memberships m on m.org_id = o.id and m.user_id = ${userId ?? 0}
    where o.name = ${owner} and p.name = ${name} limit 1`;
  if (!p || (!p.is_public && !p.role)) return null;
  return p as { id: number; name: string; org: string; is_public: boolean; role: string | null };
}

const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : d);

/** The same fields as the API's version JSON (lib/registry/version-view.ts versionToApi), from a raw row. */
function versionJson(values: unknown[], p: { name: string; org: string; role: string | null }) {
  const v: Row = {};
  FIELDS.forEach((k, i) => {
    v[k] = values[i];
  });
  const ext = v.externalRun as { uuid?: string; url?: string } | null;
  return {
    uuid: v.uuid,
    owner: p.org,
    project: p.name,
    name: v.name,
    kind: v.kind,
    description: v.description,
    tags: v.tags,
    stage: v.stage,
    stage_conditions: [],
    run: v.runUuid ?? ext?.uuid ?? null,
    artifacts: v.artifacts,
    meta_info: v.metaInfo,
    content: v.content ?? "",
    readme: v.readme,
    connection: v.connection,
    created_at: iso(v.createdAt),
    updated_at: iso(v.updatedAt),
    role: p.role ?? "viewer",
    contributors: v.createdBy ? [{ username: v.createdBy }] : [],
    run_url: v.runUuid && v.runProject ? `/${v.runProject}/runs/${v.runUuid}` : (ext?.url ?? null),
    run_project: v.runProject,
    external_run: ext ?? null,
    created_by: v.createdBy,
    copied_from: v.copiedFrom ?? null,
    aliases: v.aliases ?? [],
  };
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url ?? "/", "http://bare");
    // /api/v1/:owner/:project/versions/model[/:name] — the API's own paths, so the bench swaps only the port.
    const m = /^\/api\/v1\/([^/]+)\/([^/]+)\/versions\/model(?:\/([^/]+))?$/.exec(url.pathname);
    if (!m) return send(res, 404, { error: "not found" });
    const uid = await caller(req);
    if (uid === "bad") return send(res, 401, { error: "bad token" });
    const p = await project(decodeURIComponent(m[1]), decodeURIComponent(m[2]), uid);
    if (!p) return send(res, 404, { error: "not found" });
    const q = (k: string) => url.searchParams.get(k);
    if (m[3]) {
      const name = decodeURIComponent(m[3]);
      const one = versionListQueries(db, VERSION_QUERY, p.id, "model", { query: `name:${name}`, limit: 1, offset: 0 }).steps[0].toSQL();
      const [row] = await client.unsafe(one.sql, one.params as never[]).values();
      if (!row) return send(res, 404, { error: "not found" });
      // The API's get answers the stage history too.
      const history = await client`select c.type, c.status, c.reason, c.message, c.created_at, c.details, c.from_stage, u.username
        from stage_conditions c left join users u on u.id = c.actor_id where c.version_id = ${row[FIELDS.indexOf("id")] as number} order by c.id limit 1000`;
      const conditions = history.map((c) => ({
        type: c.type,
        status: c.status,
        reason: c.reason,
        message: c.message,
        last_update_time: iso(c.created_at),
        last_transition_time: iso(c.created_at),
        meta_info: { ...(c.details as Row), user: c.username ?? null, ...(c.from_stage ? { from_stage: c.from_stage } : {}) },
      }));
      return send(res, 200, { ...versionJson(row as unknown[], p), stage_conditions: conditions });
    }
    const limit = Number(q("limit") || 20);
    const offset = Number(q("offset") || 0);
    const lq = versionListQueries(db, VERSION_QUERY, p.id, "model", { query: q("query"), sort: q("sort"), limit, offset });
    const steps = lq.steps.map((s) => s.toSQL());
    const cnt = lq.count.toSQL();
    if (q("explain") === "1") {
      // The plans of exactly these statements, for bench/RESULTS.md.
      const plan = async (x: { sql: string; params: unknown[] }) =>
        (await client.unsafe(`explain (analyze, buffers) ${x.sql}`, x.params as never[]).values()).map((r) => String(r[0])).join("\n");
      const pages: string[] = [];
      for (const step of steps) pages.push(await plan(step));
      return send(res, 200, { page: pages.join("\n-- then, when the first step returned fewer than `limit` rows:\n"), count: await plan(cnt) });
    }
    const [rows, c] = await Promise.all([
      runSteps(steps, limit, (i) => client.unsafe(steps[i].sql, steps[i].params as never[]).values()),
      q("count") === "0" ? null : client.unsafe(cnt.sql, cnt.params as never[]).values(),
    ]);
    const count = c ? Number(c[0][0]) : -1;
    send(res, 200, {
      count: Math.min(count, 10_000),
      next: null,
      previous: null,
      results: rows.map((r) => versionJson(r as unknown[], p)),
      count_capped: count > 10_000,
    });
  } catch (err) {
    send(res, 500, { error: String(err) });
  }
});

server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.BARE_PORT || 3214), "127.0.0.1", () => console.log(`bare baseline on ${process.env.BARE_PORT || 3214}`));
