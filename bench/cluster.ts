// Load held: two production instances on one PostgreSQL database (as behind a load balancer), 200 keep-alive
// connections for 60 s alternating between them, a mix of reads and writes — listing, reading a version and a
// model (signed out and with a token), registering versions and editing them. The run must end with 0 errors,
// and afterwards the database must hold exactly the versions the clients were told were created (none lost,
// none twice) with exactly the edits they were told were saved. `npm run bench cluster`; BENCH_CLUSTER_SECONDS
// and BENCH_CLUSTER_CONNECTIONS change the shape.
import { writeSection } from "./common";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";

const ROOT = path.resolve(import.meta.dirname, "..");
const DIST = ".next-cluster";
const ADMIN_URL = process.env.BENCH_PG_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const DB_NAME = "bench_cluster";
const PORTS = [3611, 3612];
const SECONDS = Number(process.env.BENCH_CLUSTER_SECONDS || 60);
const CONNECTIONS = Number(process.env.BENCH_CLUSTER_CONNECTIONS || 200);
const MODELS = 4;
const PASSWORD = "bench-cluster-password-1";

const log = (s: string) => console.error(`[cluster] ${s}`);
const dbUrl = () => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${DB_NAME}`;
  return u.toString();
};

type Op = "list" | "get" | "model" | "list-auth" | "register" | "edit";
// Per 20 requests: 8 lists, 4 version reads, 2 model reads, 2 authenticated lists, 3 registrations, 1 edit.
const MIX: Op[] = [
  "list",
  "get",
  "list",
  "model",
  "register",
  "list",
  "get",
  "list-auth",
  "list",
  "register",
  "get",
  "list",
  "model",
  "edit",
  "list",
  "get",
  "list-auth",
  "register",
  "list",
  "list",
];

type Stats = { latencies: number[]; byOp: Record<Op, number>; errors: { op: Op; status: number; body: string }[] };

function request(
  agent: http.Agent,
  port: number,
  method: string,
  pathname: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        method,
        path: pathname,
        agent,
        headers: { accept: "application/json", ...(data ? { "content-type": "application/json", "content-length": Buffer.byteLength(data) } : {}), ...headers },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        res.on("error", (e) => resolve({ status: 0, text: String(e) }));
      },
    );
    req.on("error", (e) => resolve({ status: 0, text: String(e) }));
    req.end(data);
  });
}

async function healthy(port: number): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (
      await fetch(`http://127.0.0.1:${port}/api/v1/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the instance on ${port} did not become healthy`);
}

function startInstance(port: number): ChildProcess {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "modelreg-cluster-"));
  return spawn("node", [path.join(DIST, "modelreg-server.mjs"), "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      NEXT_DIST_DIR: DIST,
      DATABASE_URL: dbUrl(),
      MODELREG_SEED: "demo",
      MODELREG_DEMO_PASSWORD: PASSWORD,
      MODELREG_DATA_DIR: dataDir,
      NEXTAUTH_SECRET: "bench-cluster-secret-bench-cluster-secret",
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_ENV: "production",
      MODELREG_LOGIN_IP_LIMIT: "100000",
      MODELREG_WEBHOOK_WORKER: "0",
    },
  });
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

export type ClusterResult = {
  seconds: number;
  connections: number;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  byOp: Record<Op, number>;
  created: number;
  inDatabase: number;
  lost: number;
  unexpected: number;
  duplicates: number;
  edits: number;
  editsLost: number;
  firstErrors: string[];
  load: number[];
  cores: number;
};

export async function runClusterBench(): Promise<ClusterResult> {
  if (process.env.BENCH_SKIP_BUILD !== "1" || !fs.existsSync(path.join(ROOT, DIST, "modelreg-server.mjs"))) {
    log(`npm run build (${DIST})…`);
    execFileSync("npm", ["run", "build"], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, NEXT_DIST_DIR: DIST, NEXT_TELEMETRY_DISABLED: "1" },
    });
  }
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
  await admin.unsafe(`create database ${DB_NAME}`);
  // Both start at once on the empty database: one migrates and seeds, the other waits.
  const children = PORTS.map(startInstance);
  const stop = () => {
    for (const c of children) if (c.pid && c.exitCode === null) process.kill(-c.pid, "SIGTERM");
  };
  try {
    await Promise.all(PORTS.map(healthy));
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    const tokenRes = await request(agent, PORTS[0], "POST", "/api/v1/auth/token", {}, { username: "alice", password: PASSWORD, name: "cluster bench" });
    if (tokenRes.status !== 201) throw new Error(`no token: ${tokenRes.status} ${tokenRes.text}`);
    const auth = { authorization: `Bearer ${(JSON.parse(tokenRes.text) as { token: string }).token}` };
    for (let m = 0; m < MODELS; m++) {
      const r = await request(agent, PORTS[m % 2], "POST", "/api/v1/acme/projects/create", auth, { name: `load-${m}`, is_public: true });
      if (r.status !== 201) throw new Error(`model load-${m}: ${r.status} ${r.text}`);
    }
    const created = new Set<string>(); // "model/name"
    const edited = new Map<string, string>(); // "model/name" → the description the client was told was saved
    const stats: Stats = { latencies: [], byOp: { list: 0, get: 0, model: 0, "list-auth": 0, register: 0, edit: 0 }, errors: [] };
    log(`${CONNECTIONS} connections × ${SECONDS} s across ports ${PORTS.join(" and ")}…`);
    const start = performance.now();
    const end = start + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async (_, c) => {
        let i = 0;
        const mine: string[] = [];
        while (performance.now() < end) {
          const op = MIX[(c + i) % MIX.length];
          const port = PORTS[(c + i) % 2];
          i++;
          const model = `load-${c % MODELS}`;
          let res: { status: number; text: string };
          let want = 200;
          const t0 = performance.now();
          if (op === "list") res = await request(agent, port, "GET", "/api/v1/acme/fraud-detector/versions/model?limit=20&query=stage:production|staging", {});
          else if (op === "get") res = await request(agent, port, "GET", "/api/v1/acme/fraud-detector/versions/model/v3", {});
          else if (op === "model") res = await request(agent, port, "GET", "/api/v1/acme/fraud-detector", {});
          else if (op === "list-auth") res = await request(agent, port, "GET", `/api/v1/acme/${model}/versions/model?limit=20`, auth);
          else if (op === "register") {
            const name = `c${c}-${i}`;
            want = 201;
            res = await request(agent, port, "POST", `/api/v1/acme/${model}/versions/model`, auth, { name, meta_info: { metrics: { auc: (c % 100) / 100 } } });
            if (res.status === 201) {
              created.add(`${model}/${name}`);
              mine.push(name);
            }
          } else {
            const name = mine[mine.length - 1];
            if (!name) continue;
            const description = `edited by ${c} at ${i}`;
            res = await request(agent, port, "PATCH", `/api/v1/acme/${model}/versions/model/${name}`, auth, { description });
            if (res.status === 200) edited.set(`${model}/${name}`, description);
          }
          stats.latencies.push(performance.now() - t0);
          stats.byOp[op]++;
          if (res.status !== want) stats.errors.push({ op, status: res.status, body: res.text.slice(0, 200) });
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    agent.destroy();
    // What the database holds, against what the clients were told.
    const db = postgres(dbUrl(), { max: 1, onnotice: () => {} });
    const rows = await db<{ model: string; name: string; description: string }[]>`
      select p.name as model, v.name, v.description from versions v join projects p on p.id = v.project_id where p.name like 'load-%'`;
    await db.end();
    const inDb = new Map<string, string>();
    let duplicates = 0;
    for (const r of rows) {
      const key = `${r.model}/${r.name}`;
      if (inDb.has(key)) duplicates++;
      inDb.set(key, r.description);
    }
    const lost = [...created].filter((k) => !inDb.has(k)).length;
    const unexpected = [...inDb.keys()].filter((k) => !created.has(k)).length;
    const editsLost = [...edited].filter(([k, d]) => inDb.get(k) !== d).length;
    const sorted = [...stats.latencies].sort((a, b) => a - b);
    return {
      seconds,
      connections: CONNECTIONS,
      requests: sorted.length,
      rps: sorted.length / seconds,
      p50: quantile(sorted, 0.5),
      p95: quantile(sorted, 0.95),
      p99: quantile(sorted, 0.99),
      errors: stats.errors.length,
      byOp: stats.byOp,
      created: created.size,
      inDatabase: inDb.size,
      lost,
      unexpected,
      duplicates,
      edits: edited.size,
      editsLost,
      firstErrors: stats.errors.slice(0, 5).map((e) => `${e.op} → ${e.status} ${e.body}`),
      load: os.loadavg(),
      cores: os.cpus().length,
    };
  } finally {
    stop();
    await new Promise((r) => setTimeout(r, 1000));
    await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`).catch(() => {});
    await admin.end();
  }
}

export function clusterResultsMarkdown(r: ClusterResult): string {
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  return [
    "<!-- cluster:begin -->",
    "## Load held: two instances on one PostgreSQL (`npm run bench cluster`)",
    "",
    `${r.connections} keep-alive connections for ${r.seconds.toFixed(0)} s, alternating between two production instances ` +
      `(\`node .next/modelreg-server.mjs\`) on one PostgreSQL database, started together on the empty database (one migrated and seeded, the other waited). ` +
      `Mix per 20 requests: 8 version lists (PQL stage filter, signed out), 4 version reads, 2 model reads, 2 authenticated lists, 3 registrations, 1 edit; writes spread over ${MODELS} models. ` +
      `Load average at the end ${r.load.map((l) => l.toFixed(2)).join(" / ")} on ${r.cores} cores, with the load generator on the same machine.`,
    "",
    "| requests | throughput | p50 | p95 | p99 | errors |",
    "|---|---|---|---|---|---|",
    `| ${r.requests} | ${r.rps.toFixed(0)} req/s | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${r.errors} |`,
    "",
    `Per operation: ${Object.entries(r.byOp)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}.`,
    "",
    `Checked after the run against the database: ${r.created} versions the clients were told were created, ${r.inDatabase} in the database — ` +
      `${r.lost} lost, ${r.unexpected} not reported to any client, ${r.duplicates} duplicated; ${r.edits} edits reported saved, ${r.editsLost} not as reported.`,
    ...(r.firstErrors.length ? ["", "First errors:", ...r.firstErrors.map((e) => `- ${e}`)] : []),
    "<!-- cluster:end -->",
  ].join("\n");
}

export function writeClusterResults(markdown: string): void {
  writeSection("cluster", markdown);
}
