// MLflow search benchmark: `GET /api/2.0/mlflow/model-versions/search` with tag filters against the production
// server, at 10k and at 1M versions. Two databases (bench_mlflow_10k, bench_mlflow_1m on the local PostgreSQL),
// each with one public model `acme.m` seeded with generate_series — every version carries an MLflow tag `team`
// (fraud 10%, risk 30%, growth 60%, spread over time) and every 47th one `validated=true` (~1.02M tags at 1M) —
// and one production server per database, measured in interleaved rounds so both sizes see the same machine load.
// The EXPLAIN (ANALYZE, BUFFERS) of the very statements the search runs (planMlflowVersionSearch) is recorded at
// 1M. Figures go to bench/RESULTS.md (mlflow section).
//
//   npm run bench mlflow              (builds .next-mlflow first; BENCH_SKIP_BUILD=1 reuses it)
//   BENCH_REUSE_DB=1 …                (keeps already seeded databases);  BENCH_DROP_DB=1 drops them at the end
import { writeSection } from "./common";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "@/db/schema";
import type { DB } from "@/db";
import { anonymous } from "@/lib/registry/actor";
import { SEARCH_SETTINGS, planMlflowVersionSearch } from "@/lib/registry/mlflow-search";
import { load, merge, type LoadResult } from "./load";

const ROOT = path.resolve(import.meta.dirname, "..");
const PG = process.env.BENCH_PG_URL || "postgres://postgres@127.0.0.1:5432";
const SIZES = { p10k: 10_000, p1m: 1_000_000 } as const;
type Size = keyof typeof SIZES;
const dbName = (s: Size) => `bench_mlflow_${s.slice(1)}`;
const PORTS: Record<Size, number> = { p10k: Number(process.env.BENCH_PORT || 3401), p1m: Number(process.env.BENCH_PORT || 3401) + 1 };
const DIST = ".next-mlflow";
const TOKEN = "mr_bench_mlflow_0123456789abcdef01234567";
const DURATION = Number(process.env.BENCH_SECONDS || 6) * 1000;
const ROUNDS = 4;
const CONCURRENCY = 4;
const MAX_RESULTS = 100;
/** Versions of the second model, acme.other. */
const OTHER = 100;

/** The searches: filter and order_by, max_results 100 each. */
export const SEARCHES: { filter: string; orderBy: string }[] = [
  { filter: "name='acme.m' AND tags.team='fraud'", orderBy: "version_number DESC" },
  { filter: "name='acme.m' AND tags.validated='true'", orderBy: "creation_timestamp DESC" },
  { filter: "tags.team='fraud'", orderBy: "creation_timestamp DESC" },
  { filter: "tags.team='fraud' AND tags.validated='true'", orderBy: "last_updated_timestamp DESC" },
];

const log = (s: string) => console.log(`[bench mlflow] ${s}`);
const hashOf = (t: string) => crypto.createHash("sha256").update(t).digest("hex");

async function migrateDb(url: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  await migrate(drizzle(client), { migrationsFolder: path.join(ROOT, "db", "migrations") });
  await client.end();
}

export async function seed(size: Size): Promise<void> {
  const name = dbName(size);
  const url = `${PG}/${name}`;
  const n = SIZES[size];
  const admin = postgres(`${PG}/postgres`, { max: 1, onnotice: () => {} });
  const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
  if (exists && process.env.BENCH_REUSE_DB === "1") {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    const [{ v }] = await sql`select count(*)::int as v from versions`;
    await sql.end();
    if (v === n + OTHER) {
      await admin.end();
      log(`reusing ${name} (${v} versions)`);
      return migrateDb(url);
    }
  }
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  await migrateDb(url);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [u] = await sql`insert into users (username, email, name, password_hash) values ('bench', 'bench@example.test', 'Bench', 'x') returning id`;
    const [o] = await sql`insert into organizations (name, display_name) values ('acme', 'Acme') returning id`;
    await sql`insert into memberships (org_id, user_id, role) values (${o.id}, ${u.id}, 'owner')`;
    await sql`insert into api_tokens (user_id, name, prefix, token_hash) values (${u.id}, 'bench', ${TOKEN.slice(0, 8)}, ${hashOf(TOKEN)})`;
    const [p] =
      await sql`insert into projects (org_id, name, is_public, created_by_id, settings) values (${o.id}, 'm', true, ${u.id}, '{"protectedStages":["production"]}') returning id`;
    // A second, small model so that a search across models has more than one to look at.
    const [q] = await sql`insert into projects (org_id, name, is_public, created_by_id) values (${o.id}, 'other', true, ${u.id}) returning id`;
    // Bulk load without the secondary indexes, then build them once.
    const idx = await sql<{ indexname: string; indexdef: string }[]>`select indexname, indexdef from pg_indexes
      where tablename in ('versions', 'mlflow_version_tags') and indexname not in ('versions_pkey', 'mlflow_version_tags_version_id_key_pk')`;
    for (const i of idx) await sql.unsafe(`drop index ${i.indexname}`);
    const t0 = Date.now();
    for (const [pid, count] of [
      [p.id, n],
      [q.id, OTHER],
    ] as const) {
      for (let from = 1; from <= count; from += 250_000) {
        const to = Math.min(count, from + 249_999);
        await sql`insert into versions (project_id, kind, name, name_number, description, stage, meta_info, created_by_id, created_at, updated_at)
          select ${pid}, 'model', 'v' || g, g, 'Weekly retrain #' || g,
            (case when g % 100 = 0 then 'production' when g % 100 < 5 then 'staging' when g % 100 < 30 then 'testing' else 'disabled' end)::version_stage,
            jsonb_build_object('mlflow', jsonb_build_object('source', 's3://models/m/' || g)),
            ${u.id}, timestamptz '2024-01-01' + g * interval '1 minute', timestamptz '2024-01-01' + g * interval '1 minute' + (g % 97) * interval '1 second'
          from generate_series(${from}::int, ${to}::int) g`;
      }
    }
    // One `team` tag per version, spread over time; `validated` on every 47th (independent of `team`).
    await sql`insert into mlflow_version_tags (version_id, key, value)
      select id, 'team', case when name_number % 10 = 0 then 'fraud' when name_number % 10 < 4 then 'risk' else 'growth' end from versions`;
    await sql`insert into mlflow_version_tags (version_id, key, value) select id, 'validated', 'true' from versions where name_number % 47 = 0`;
    await sql`insert into mlflow_model_tags (project_id, key, value) values (${p.id}, 'team', 'fraud'), (${q.id}, 'team', 'risk')`;
    log(`${name}: ${n.toLocaleString("en")} versions and their tags in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const t1 = Date.now();
    await sql`set maintenance_work_mem = '512MB'`;
    for (const i of idx) await sql.unsafe(i.indexdef);
    await sql.unsafe("vacuum analyze versions");
    await sql.unsafe("vacuum analyze mlflow_version_tags");
    await sql.unsafe("analyze");
    log(`${name}: indexes rebuilt and vacuum analyze in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  } finally {
    await sql.end();
  }
}

function build(): void {
  if (process.env.BENCH_SKIP_BUILD === "1" && fs.existsSync(path.join(ROOT, DIST, "modelreg-server.mjs"))) return;
  log(`npm run build (${DIST})…`);
  execFileSync("npm", ["run", "build"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NEXT_DIST_DIR: DIST, NEXT_TELEMETRY_DISABLED: "1" },
  });
}

async function healthy(url: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (
      await fetch(url).then(
        (r) => r.status < 500,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not become healthy`);
}

async function startServer(size: Size): Promise<ChildProcess> {
  const base = `http://127.0.0.1:${PORTS[size]}`;
  const child = spawn("node", [path.join(DIST, "modelreg-server.mjs"), "-p", String(PORTS[size]), "-H", "127.0.0.1"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      NEXT_DIST_DIR: DIST,
      DATABASE_URL: `${PG}/${dbName(size)}`,
      MODELREG_SEED: "none",
      MODELREG_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "modelreg-bench-mlflow-")),
      NEXTAUTH_SECRET: "bench-secret-bench-secret-bench-secret",
      NEXTAUTH_URL: base,
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_ENV: "production",
    },
  });
  await healthy(`${base}/api/v1/health`);
  return child;
}

export const searchPath = (s: { filter: string; orderBy: string }) =>
  `/api/2.0/mlflow/model-versions/search?${new URLSearchParams({ filter: s.filter, max_results: String(MAX_RESULTS), order_by: s.orderBy })}`;

type Row = { size: Size; search: number; who: string; serial: LoadResult; loaded: LoadResult; rows: number };

/** Every variant of one search (both sizes, signed out and with a token) in interleaved rounds. */
async function measure(search: number): Promise<Row[]> {
  const targets: { size: Size; who: string; url: string; headers?: Record<string, string> }[] = [];
  for (const size of Object.keys(SIZES) as Size[]) {
    const url = `http://127.0.0.1:${PORTS[size]}${searchPath(SEARCHES[search])}`;
    targets.push({ size, who: "signed out", url }, { size, who: "token", url, headers: { authorization: `Bearer ${TOKEN}` } });
  }
  const rows = new Map<(typeof targets)[number], number>();
  for (const t of targets) {
    const res = await fetch(t.url, { headers: t.headers });
    if (!res.ok) throw new Error(`${t.url} answered ${res.status}: ${await res.text()}`);
    rows.set(t, ((await res.json()) as { model_versions?: unknown[] }).model_versions?.length ?? 0);
    await load(t.url, { concurrency: CONCURRENCY, durationMs: 300, warmupMs: 300, headers: t.headers });
  }
  const runs = new Map(targets.map((t) => [t, { serial: [] as LoadResult[], loaded: [] as LoadResult[] }]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const t of targets) {
      runs.get(t)!.serial.push(await load(t.url, { concurrency: 1, durationMs: DURATION / ROUNDS / 2, warmupMs: 0, headers: t.headers }));
      runs.get(t)!.loaded.push(await load(t.url, { concurrency: CONCURRENCY, durationMs: DURATION / ROUNDS, warmupMs: 50, headers: t.headers }));
    }
  }
  return targets.map((t) => {
    const r = runs.get(t)!;
    const row: Row = { size: t.size, search, who: t.who, serial: merge(r.serial), loaded: merge(r.loaded), rows: rows.get(t)! };
    const errs = row.serial.errors + row.loaded.errors;
    log(
      `${SEARCHES[search].filter.padEnd(46)} ${t.size} ${t.who.padEnd(10)} p50 ${row.serial.p50.toFixed(2)} ms  ${row.loaded.rps.toFixed(0)} req/s (c=${CONCURRENCY})${errs ? `  ${errs} errors` : ""}`,
    );
    return row;
  });
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the statements the search runs, as planMlflowVersionSearch builds them (signed
 * out): the quickest of three runs. For one model, each step the search would run (it stops at the first full page).
 */
export async function explainSearch(size: Size, search: { filter: string; orderBy: string }): Promise<string> {
  const client = postgres(`${PG}/${dbName(size)}`, { max: 1, onnotice: () => {} });
  const db = drizzle(client, { schema }) as unknown as DB;
  try {
    // The search runs its statements with SEARCH_SETTINGS (SET LOCAL in its transaction): so does its EXPLAIN.
    await client.unsafe(`set ${process.env.BENCH_PG_SET ?? SEARCH_SETTINGS}`);
    const plan = await planMlflowVersionSearch(db, anonymous, {
      filter: search.filter,
      orderBy: [search.orderBy],
      limit: MAX_RESULTS,
      offset: 0,
      defaultOrg: null,
    });
    if (!plan) return "(no statement: the model is not visible)";
    const statements = plan.kind === "one" ? plan.steps.map((s) => s.toSQL()) : [plan.query.toSQL()];
    const out: string[] = [];
    for (const [i, st] of statements.entries()) {
      let best = "";
      let bestMs = Infinity;
      let rows = 0;
      for (let k = 0; k < 3; k++) {
        const res = await client.unsafe(`explain (analyze, buffers) ${st.sql}`, st.params as never[]);
        const text = res.map((r) => String(r["QUERY PLAN"])).join("\n");
        const ms = Number(/Execution Time: ([\d.]+) ms/.exec(text)?.[1] ?? NaN);
        if (ms < bestMs) [best, bestMs] = [text, ms];
        rows = Number(/^[^\n]*actual time=[\d.]+\.\.[\d.]+ rows=(\d+)/.exec(text)?.[1] ?? 0);
      }
      out.push(
        statements.length > 1
          ? `-- step ${i + 1} of ${statements.length}${rows >= MAX_RESULTS + 1 ? " (fills the page: the search stops here)" : ""}\n${best}`
          : best,
      );
      if (rows >= MAX_RESULTS + 1) break;
    }
    return out.join("\n\n");
  } finally {
    await client.end();
  }
}

const execMs = (plan: string) => [...plan.matchAll(/Execution Time: ([\d.]+) ms/g)].reduce((a, m) => a + Number(m[1]), 0);
const scans = (plan: string) => [
  ...new Set(
    [...plan.matchAll(/(Seq Scan|Parallel Seq Scan|Bitmap Heap Scan|Index Only Scan|Index Scan(?: Backward)?) (?:using (\S+) )?on (\S+)/g)].map(
      (m) => `${m[1]}${m[2] ? ` ${m[2]}` : ""} on ${m[3]}`,
    ),
  ),
];
const sorts = (plan: string) => [...plan.matchAll(/Sort Method: (\S+(?: \S+)?)\s+(?:Memory|Disk): (\d+kB)/g)].map((m) => `${m[1]} ${m[2]}`);

export async function runMlflowBench(): Promise<void> {
  const t0 = Date.now();
  for (const size of Object.keys(SIZES) as Size[]) await seed(size);
  build();
  const servers: ChildProcess[] = [];
  const rows: Row[] = [];
  const plans: Record<string, string> = {};
  try {
    for (const size of Object.keys(SIZES) as Size[]) servers.push(await startServer(size));
    for (let i = 0; i < SEARCHES.length; i++) rows.push(...(await measure(i)));
    for (let i = 0; i < SEARCHES.length; i++) for (const size of Object.keys(SIZES) as Size[]) plans[`${size} ${i}`] = await explainSearch(size, SEARCHES[i]);
  } finally {
    for (const c of servers) if (c.pid) process.kill(-c.pid, "SIGTERM");
  }
  const md = resultsMarkdown(rows, plans, (Date.now() - t0) / 1000);
  writeResults(md);
  console.log(md);
  if (process.env.BENCH_DROP_DB === "1") {
    const admin = postgres(`${PG}/postgres`, { max: 1, onnotice: () => {} });
    for (const size of Object.keys(SIZES) as Size[]) await admin.unsafe(`drop database if exists ${dbName(size)} with (force)`);
    await admin.end();
  }
}

function resultsMarkdown(rows: Row[], plans: Record<string, string>, seconds: number): string {
  const get = (size: Size, search: number, who: string) => rows.find((r) => r.size === size && r.search === search && r.who === who)!;
  const cpu = os.cpus();
  const pgVersion = execFileSync("psql", ["-h", "127.0.0.1", "-U", "postgres", "-Atc", "show server_version"], { encoding: "utf8" }).trim();
  const lines = [
    "<!-- mlflow:begin -->",
    "## MLflow: model-versions/search with tag filters, at 10k and 1M versions",
    "",
    `Machine: ${cpu.length} cores (${cpu[0]?.model.trim()}), shared with other work (load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(", ")} at the end); ` +
      `PostgreSQL ${pgVersion} on the same machine; Node ${process.version}; the production server (\`npm run build\`, \`node ${DIST}/modelreg-server.mjs\`), one per database; ` +
      `load generator on loopback (bench/load.ts). ${new Date().toISOString().slice(0, 10)}; whole run ${(seconds / 60).toFixed(1)} min.`,
    "",
    "Data: one public model `acme.m` with 10k (database `bench_mlflow_10k`) or 1M versions (`bench_mlflow_1m`) and a model `acme.other` with 100; every version has the MLflow tag " +
      "`team` (fraud 10%, risk 30%, growth 60%, spread over time) and every 47th `validated=true`, independently of `team` (1.02M tag rows at 1M). Every request: " +
      `\`GET /api/2.0/mlflow/model-versions/search?filter=…&max_results=${MAX_RESULTS}&order_by=…\`. *p50* = median latency of sequential requests; *req/s* = ${CONCURRENCY} concurrent loops. ` +
      `Both sizes and both callers of one search run in ${ROUNDS} interleaved rounds (${DURATION / 1000} s per variant); database times are the quickest of three EXPLAIN ANALYZE runs.`,
    "",
    "| filter | order_by | caller | 10k p50 | req/s | 1M p50 | req/s | 1M ÷ 10k (p50) | rows | database 10k / 1M | |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  SEARCHES.forEach((s, i) => {
    for (const who of ["signed out", "token"]) {
      const a = get("p10k", i, who);
      const b = get("p1m", i, who);
      const r = b.serial.p50 / a.serial.p50;
      lines.push(
        `| \`${s.filter}\` | ${s.orderBy} | ${who} | ${a.serial.p50.toFixed(2)} ms | ${a.loaded.rps.toFixed(0)} | ${b.serial.p50.toFixed(2)} ms | ${b.loaded.rps.toFixed(0)} | ${r.toFixed(2)}× | ${b.rows} | ` +
          `${execMs(plans[`p10k ${i}`]).toFixed(2)} / ${execMs(plans[`p1m ${i}`]).toFixed(2)} ms | ${r <= 1.5 ? "✅" : "❌"} |`,
      );
    }
  });
  lines.push("", "Goal: p50 at 1M ≤ 1.5× p50 at 10k (✅/❌ per row).", "", "Plan summary at 1M (scans, sorts):", "");
  SEARCHES.forEach((s, i) => {
    const p = plans[`p1m ${i}`];
    lines.push(
      `- \`${s.filter}\`, ${s.orderBy}: ${scans(p).join("; ")}${sorts(p).length ? `; sort: ${sorts(p).join(", ")}` : "; no sort"}; ${execMs(p).toFixed(2)} ms`,
    );
  });
  lines.push("", "MLFLOW_NOTES", "", "### EXPLAIN (ANALYZE, BUFFERS) at 1M", "");
  SEARCHES.forEach((s, i) => {
    lines.push(`\`${s.filter}\`, order_by ${s.orderBy}:`, "", "```", plans[`p1m ${i}`], "```", "");
  });
  lines.push(
    "Reproduce: `npm run bench mlflow` (seeds `bench_mlflow_10k` and `bench_mlflow_1m`, builds `.next-mlflow`, serves on ports 3401 and 3402).",
    "<!-- mlflow:end -->",
  );
  const notes = fs.existsSync(NOTES) ? fs.readFileSync(NOTES, "utf8").trim() : "";
  return lines.join("\n").replace("MLFLOW_NOTES", notes || "(no notes)");
}

/** The hand-written "why, and what changed" paragraph kept beside the generated figures. */
const NOTES = path.join(ROOT, "bench", "mlflow-notes.md");

function writeResults(markdown: string): void {
  writeSection("mlflow", markdown);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === "seed") for (const size of Object.keys(SIZES) as Size[]) await seed(size);
  else if (process.argv[2] === "explain") {
    for (let i = 0; i < SEARCHES.length; i++)
      console.log(`\n### p1m ${SEARCHES[i].filter} / ${SEARCHES[i].orderBy}\n${await explainSearch("p1m", SEARCHES[i])}`);
  } else await runMlflowBench();
}
