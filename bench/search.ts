// Search and the organization views at 1M versions: EXPLAIN (ANALYZE, BUFFERS) of the exact SQL the registry runs
// for search (lib/registry/search.ts), the production view (deployed.ts), "recently changed" (org-recent.ts) and a
// model's download counts (downloads.ts), signed out and as a member, with p50 timings of the registry calls — and a
// check that no plan scans `versions` (or the activity log) sequentially. Figures go to bench/RESULTS.md (search).
//
// Data (seeded with generate_series, secondary indexes dropped during the load and rebuilt once): organization
// `bench` with 1,000 models (700 public, 200 private open to the organization, 100 restricted to a team the member
// is not in) of 1,000 versions each (names v1…v1000, one a minute; per model 1 production, 4% staging, 25% testing,
// the rest disabled; one tag in three `calibrated`), their stage history for production, an alias per model, 300k
// activity rows (a third of them version changes), 30 days of download counters for 10k versions, and a second
// organization `other` with 50 public models, so cross-organization search has company.
//
//   npm run bench search       (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/bench_dl; reseeded unless
//                               it already holds this data set; BENCH_RESEED=1 forces it)
import { writeSection } from "./common";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "@/db/schema";
import type { DB } from "@/db";
import { anonymous, userActor, type Actor } from "@/lib/registry/actor";
import { search } from "@/lib/registry/search";
import { listDeployed } from "@/lib/registry/deployed";
import { listRecentChanges } from "@/lib/registry/org-recent";
import { modelDownloadStats } from "@/lib/registry/downloads";

const ROOT = path.resolve(import.meta.dirname, "..");
const URL_ = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/bench_dl";
const MODELS = 1000;
const PER_MODEL = 1000;
const TOTAL = MODELS * PER_MODEL;
const ACTIVITIES = 300_000;
const RUNS = Number(process.env.BENCH_RUNS || 30);
const log = (s: string) => console.log(`[bench search] ${s}`);

async function seeded(sql: postgres.Sql): Promise<boolean> {
  const [t] = await sql`select to_regclass('public.versions') as t`;
  if (!t?.t) return false;
  const [{ n }] = await sql`select count(*)::int as n from versions`;
  const [{ m }] = await sql`select count(*)::int as m from projects p join organizations o on o.id = p.org_id where o.name = 'bench'`;
  // A seed that stopped half-way has no rebuilt indexes or no download counters: not this data set.
  const [{ i }] = await sql`select count(*)::int as i from pg_indexes where indexname in ('versions_name_trgm_idx', 'activities_org_recent_idx')`;
  const [{ d }] = await sql`select count(*)::int as d from (select 1 from version_downloads limit 1) x`;
  return n === TOTAL + 50 * 10 && m === MODELS && i === 2 && d === 1;
}

async function seed(): Promise<void> {
  const base = new URL(URL_);
  const dbName = base.pathname.slice(1);
  base.pathname = "/postgres";
  const admin = postgres(base.toString(), { max: 1, onnotice: () => {} });
  const [exists] = await admin`select 1 from pg_database where datname = ${dbName}`;
  if (exists && process.env.BENCH_RESEED !== "1") {
    const sql = postgres(URL_, { max: 1, onnotice: () => {} });
    const ok = await seeded(sql).catch(() => false);
    await sql.end();
    if (ok) {
      await admin.end();
      log(`reusing ${dbName}`);
      const c = postgres(URL_, { max: 1, onnotice: () => {} });
      await migrate(drizzle(c), { migrationsFolder: path.join(ROOT, "db", "migrations") });
      await c.end();
      return;
    }
  }
  await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
  await admin.unsafe(`create database "${dbName}"`);
  await admin.end();
  const sql = postgres(URL_, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle(sql), { migrationsFolder: path.join(ROOT, "db", "migrations") });
    const t0 = Date.now();
    await sql`insert into users (username, email, name, password_hash) values
      ('bench-member', 'm@example.test', 'Member', 'x'), ('bench-outsider', 'o@example.test', 'Outsider', 'x'), ('bench-teamer', 't@example.test', 'Teamer', 'x')`;
    const users = Object.fromEntries((await sql`select id, username from users`).map((u) => [u.username, u.id as number]));
    const [org] = await sql`insert into organizations (name, display_name) values ('bench', 'Bench') returning id`;
    const [other] = await sql`insert into organizations (name, display_name) values ('other', 'Other') returning id`;
    await sql`insert into memberships (org_id, user_id, role) values (${org.id}, ${users["bench-member"]}, 'member'), (${org.id}, ${users["bench-teamer"]}, 'member')`;
    const [team] = await sql`insert into teams (org_id, name) values (${org.id}, 'vision') returning id`;
    await sql`insert into team_members (team_id, user_id, role) values (${team.id}, ${users["bench-teamer"]}, 'member')`;
    // Models m0001…m1000: 700 public, 200 private (open to the organization), 100 restricted to the team; names that
    // read like a real registry's (fraud-, churn-, vision-…), so a search for a word matches some of them.
    await sql`insert into projects (org_id, name, description, tags, is_public, settings, created_at, updated_at)
      select ${org.id}, (array['fraud','churn','vision','ranker','forecast','nlp','speech','recsys'])[1 + g % 8] || '-model-' || lpad(g::text, 4, '0'),
        'Model ' || g || ' of the bench organization', case when g % 5 = 0 then array['tabular'] else array['deep'] end,
        g % 10 < 7, '{"protectedStages":["production"]}', timestamptz '2024-01-01' + g * interval '1 hour', timestamptz '2025-01-01' + g * interval '1 hour'
      from generate_series(1, ${MODELS}) g`;
    await sql`insert into project_teams (project_id, team_id)
      select p.id, ${team.id} from projects p where p.org_id = ${org.id} and right(p.name, 4)::int % 10 = 9`;
    await sql`insert into projects (org_id, name, description, is_public)
      select ${other.id}, 'other-' || g, 'Another organization''s model', true from generate_series(1, 50) g`;
    const idx = await sql<{ indexname: string; indexdef: string }[]>`select indexname, indexdef from pg_indexes
      where tablename in ('versions', 'activities') and indexname not in ('versions_pkey', 'activities_pkey')`;
    for (const i of idx) await sql.unsafe(`drop index ${i.indexname}`);
    // 1,000 versions per model (v1…v1000, one a minute); the newest production version is v990 of each.
    const [{ first }] = await sql`select min(id)::int as first from projects where org_id = ${org.id}`;
    for (let from = 0; from < TOTAL; from += 250_000) {
      const to = Math.min(TOTAL, from + 250_000) - 1;
      await sql`insert into versions (project_id, kind, name, name_number, description, tags, stage, meta_info, created_at, updated_at)
        select ${first} + g / ${PER_MODEL}, 'model', 'v' || (g % ${PER_MODEL} + 1), g % ${PER_MODEL} + 1, 'Weekly retrain #' || (g % ${PER_MODEL} + 1),
          case when g % 3 = 0 then array['xgboost', 'calibrated'] else array['xgboost'] end,
          (case when g % ${PER_MODEL} + 1 = 990 then 'production' when g % 100 < 4 then 'staging' when g % 100 < 30 then 'testing' else 'disabled' end)::version_stage,
          jsonb_build_object('framework', 'xgboost', 'metrics', jsonb_build_object('auc', round((0.9 + random() * 0.09)::numeric, 4))),
          timestamptz '2024-01-01' + g * interval '1 minute', timestamptz '2024-01-01' + g * interval '1 minute'
        from generate_series(${from}::int, ${to}::int) g`;
    }
    await sql`insert into versions (project_id, kind, name, name_number, stage)
      select p.id, 'model', 'v' || g, g, 'production' from projects p cross join generate_series(1, 10) g where p.org_id = ${other.id}`;
    log(`versions in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    await sql`insert into stage_conditions (version_id, type, from_stage, reason, actor_id, created_at)
      select v.id, 'production', 'staging', 'bench', ${users["bench-member"]}, v.updated_at from versions v where v.stage = 'production'`;
    await sql`insert into model_aliases (project_id, version_id, name)
      select v.project_id, v.id, 'champion' from versions v join projects p on p.id = v.project_id where v.stage = 'production' and p.org_id = ${org.id}`;
    // The activity log: one row in three a version change (the verbs "recently changed" reads), the rest noise.
    await sql`insert into activities (org_id, project_id, actor_id, verb, target, details, created_at)
      select ${org.id}, ${first} + g % ${MODELS}, ${users["bench-member"]},
        (array['version.registered','file.uploaded','version.updated','version.stage_changed','run.created','file.uploaded','version.alias_moved','run.updated','file.uploaded'])[1 + g % 9],
        'v' || (g % ${PER_MODEL} + 1),
        case when g % 9 = 3 then jsonb_build_object('kind','model','from','testing','to','staging','applied',true)
             when g % 9 = 6 then jsonb_build_object('alias','champion','from','v1','to','v2')
             else jsonb_build_object('kind','model') end,
        timestamptz '2025-06-01' + g * interval '10 seconds'
      from generate_series(1, ${ACTIVITIES}) g`;
    // Download counters: 30 days for the newest 10 versions of each model.
    await sql`insert into version_downloads (version_id, project_id, day, count)
      select v.id, v.project_id, (now() at time zone 'utc')::date - d, 1 + (v.id + d) % 50
      from versions v cross join generate_series(0, 29) d where v.name_number > 990 and v.project_id < ${first}::int + ${MODELS}::int`;
    const t1 = Date.now();
    await sql`set maintenance_work_mem = '512MB'`;
    for (const i of idx) await sql.unsafe(i.indexdef);
    await sql.unsafe("vacuum analyze");
    log(`indexes rebuilt and vacuum analyze in ${((Date.now() - t1) / 1000).toFixed(0)} s; seeded in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  } finally {
    await sql.end();
  }
}

type Captured = { query: string; params: unknown[] };

/** A drizzle handle over postgres.js that records every statement it sends. */
function capturingDb(client: postgres.Sql, into: Captured[]): DB {
  return drizzle(client, {
    schema,
    logger: { logQuery: (query, params) => into.push({ query, params }) },
  }) as unknown as DB;
}

type Case = { name: string; run: (db: DB) => Promise<unknown> };

const p50 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

export async function runSearchBench(): Promise<string> {
  const started = Date.now();
  process.env.MODELREG_SEARCH_LIMIT = "100000000";
  await seed();
  const client = postgres(URL_, { max: 2, onnotice: () => {} });
  const ids = Object.fromEntries((await client`select id, username from users`).map((u) => [u.username, u.id as number]));
  const member = userActor(ids["bench-member"], "bench-member");
  const teamer = userActor(ids["bench-teamer"], "bench-teamer");
  const outsider = userActor(ids["bench-outsider"], "bench-outsider");
  const as = (a: Actor) => (a.kind === "user" ? a.username : "signed out");
  let key = 0;
  const cases: Case[] = [];
  for (const a of [anonymous, member] as Actor[]) {
    for (const q of ["fraud", "v12", "calibrated"])
      cases.push({ name: `search \`${q}\` (${as(a)})`, run: (db) => search(db, a, { q }, { ip: `bench-${key++}` }) });
  }
  cases.push({ name: "search `v12`, versions only (bench-teamer)", run: (db) => search(db, teamer, { q: "v12", type: "versions" }, { ip: `bench-${key++}` }) });
  for (const a of [anonymous, member, outsider] as Actor[]) cases.push({ name: `deployed (${as(a)})`, run: (db) => listDeployed(db, a, "bench") });
  for (const a of [anonymous, member] as Actor[]) cases.push({ name: `recently changed (${as(a)})`, run: (db) => listRecentChanges(db, a, "bench") });
  cases.push({ name: "model downloads (signed out)", run: (db) => modelDownloadStats(db, anonymous, { owner: "bench", project: "churn-model-0001" }) });

  const out: { name: string; p50: number; plans: { sql: string; plan: string; seq: string[] }[] }[] = [];
  for (const c of cases) {
    const db = drizzle(client, { schema }) as unknown as DB;
    await c.run(db); // warm
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await c.run(db);
      times.push(performance.now() - t);
    }
    // The statements of one more call, minus the rate-limit bookkeeping.
    const captured: Captured[] = [];
    await c.run(capturingDb(client, captured));
    const plans = [];
    for (const s of captured) {
      if (/rate_limits/.test(s.query)) continue;
      const rows = await client.unsafe(`explain (analyze, buffers) ${s.query}`, s.params as never[]);
      const plan = rows.map((r) => String(r["QUERY PLAN"])).join("\n");
      const seq = [...plan.matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1]);
      plans.push({ sql: s.query, plan, seq });
    }
    const entry = { name: c.name, p50: p50(times), plans };
    out.push(entry);
    log(`${c.name}: p50 ${entry.p50.toFixed(2)} ms; seq scans: ${plans.flatMap((p) => p.seq).join(", ") || "none"}`);
  }
  await client.end();
  const md = markdown(out, (Date.now() - started) / 1000);
  writeResults(md);
  return md;
}

const BIG = new Set(["versions", "activities", "version_downloads", "stage_conditions"]);

function markdown(rows: { name: string; p50: number; plans: { sql: string; plan: string; seq: string[] }[] }[], seconds: number): string {
  const cpu = os.cpus();
  let pg = "";
  try {
    pg = execFileSync("psql", [URL_, "-Atc", "show server_version"], { encoding: "utf8" }).trim();
  } catch {
    pg = "?";
  }
  const lines = [
    "<!-- search:begin -->",
    "## Search, the production view and recent changes at 1M versions",
    "",
    `Machine: ${cpu.length} cores (${cpu[0]?.model.trim()}), shared with other work (load average ${os.loadavg()[0].toFixed(1)} at the end); PostgreSQL ${pg} on the same machine; ` +
      `${new Date().toISOString().slice(0, 10)}; whole run ${(seconds / 60).toFixed(1)} min (\`npm run bench search\`, bench/search.ts).`,
    "",
    `Data: organization \`bench\`, ${MODELS.toLocaleString("en")} models (700 public, 200 private, 100 restricted to a team) × ${PER_MODEL.toLocaleString("en")} versions = ${TOTAL.toLocaleString("en")} versions, ` +
      `${ACTIVITIES.toLocaleString("en")} activity rows (a third version changes), 30 days of download counters for 10k versions, and 50 public models of another organization. ` +
      `Callers: signed out (public models only), \`bench-member\` (an organization member: public and private models, not the team's), \`bench-teamer\` (also the team's), \`bench-outsider\` (signed in, no membership). ` +
      `_p50_: the median of ${RUNS} sequential calls of the registry function (every statement it sends, the caller's lookups included) from Node on loopback. The plans are EXPLAIN (ANALYZE, BUFFERS) of exactly the SQL those calls sent.`,
    "",
    "| call | p50 | sequential scans of a large table |",
    "|---|---|---|",
  ];
  for (const r of rows) {
    const seq = [...new Set(r.plans.flatMap((p) => p.seq).filter((t) => BIG.has(t)))];
    lines.push(`| ${r.name} | ${r.p50.toFixed(2)} ms | ${seq.length ? seq.join(", ") : "none"} |`);
  }
  lines.push("");
  for (const r of rows) {
    lines.push(`<details><summary>${r.name}: plans</summary>`, "");
    for (const p of r.plans) lines.push("```sql", p.sql, "```", "```", p.plan, "```", "");
    lines.push("</details>", "");
  }
  lines.push("<!-- search:end -->");
  return lines.join("\n");
}

function writeResults(markdown: string): void {
  writeSection("search", markdown);
}
