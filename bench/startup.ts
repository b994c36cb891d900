// `npm run bench startup`: how long `npm start` takes on an existing install (the build up to date, the embedded
// database already migrated and seeded) until /api/v1/health answers, against a bare node:http server started
// the same way in the same run; and the first start on an empty data folder (migrations and demo data).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadAverage, median, ROOT, writeSection } from "./common";

const DIST = ".next-startup";
const PORT = Number(process.env.BENCH_PORT || 3231);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 5);

async function healthyAfter(child: ChildProcess, url: string, started: number): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before it was healthy`);
    try {
      const res = await fetch(url);
      if (res.ok) return performance.now() - started;
    } catch {}
    await new Promise((r) => setTimeout(r, 25));
    if (performance.now() - started > 600_000) throw new Error("not healthy after 10 minutes");
  }
}

async function stop(child: ChildProcess, url: string): Promise<number> {
  const t = performance.now();
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
  // Stopped means the port is free again (npm start forwards the signal to the server it runs).
  while (await answers(url)) await new Promise((r) => setTimeout(r, 25));
  return performance.now() - t;
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url);
    return true;
  } catch {
    return false;
  }
}

async function timeStart(cmd: string, args: string[], env: NodeJS.ProcessEnv, url: string) {
  // A server left behind would answer at once and make every start look instant.
  if (await answers(url)) throw new Error(`${url} answers before the server was started: something else holds the port`);
  const started = performance.now();
  const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"] });
  const ready = await healthyAfter(child, url, started);
  return { ready, stopped: await stop(child, url) };
}

export type StartupResult = { first: number; restarts: number[]; bareStarts: number[]; stops: number[]; load: string; built: boolean };

export async function runStartupBench(): Promise<StartupResult> {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), "modelreg-startup-"));
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_DIST_DIR: DIST, MODELREG_DATA_DIR: data, NEXT_TELEMETRY_DISABLED: "1", PORT: String(PORT) };
  delete env.DATABASE_URL; // the embedded database
  const url = `http://127.0.0.1:${PORT}/api/v1/health`;
  const args = ["scripts/start.mjs", "-p", String(PORT), "-H", "127.0.0.1"];
  try {
    // The first start builds when the build is missing or stale (not timed as a restart), then migrates and seeds.
    const built = !fs.existsSync(path.join(ROOT, DIST, "BUILD_ID"));
    const first = await timeStart("node", args, env, url);
    const restarts: number[] = [];
    const bareStarts: number[] = [];
    const stops: number[] = [first.stopped];
    const bare = ["-e", `require("node:http").createServer((q, s) => s.end("ok")).listen(${PORT}, "127.0.0.1")`];
    for (let i = 0; i < ROUNDS; i++) {
      const r = await timeStart("node", args, env, url);
      restarts.push(r.ready);
      stops.push(r.stopped);
      bareStarts.push((await timeStart("node", bare, env, url)).ready);
    }
    return { first: first.ready, restarts, bareStarts, stops, load: loadAverage(), built };
  } finally {
    fs.rmSync(data, { recursive: true, force: true });
  }
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export function startupResultsMarkdown(r: StartupResult): string {
  const restart = median(r.restarts);
  return [
    "<!-- startup:begin -->",
    "## Start-up: `npm start` on an existing install",
    "",
    `Embedded database (PGlite), ${os.cpus().length} cores shared with other work (load average ${r.load} at the end), ${new Date().toISOString().slice(0, 10)}. Time from spawning \`node scripts/start.mjs\` until \`/api/v1/health\` answers 200, median of ${r.restarts.length} restarts; the baseline is a bare \`node:http\` server spawned and polled the same way in the same rounds.`,
    "",
    "| start | median | runs |",
    "| --- | --- | --- |",
    `| first start on an empty data folder (migrations, demo data${r.built ? ", and the build" : ""}) | ${s(r.first)} | 1 |`,
    `| restart (build up to date, database migrated and seeded) | ${s(restart)} | ${r.restarts.map(s).join(", ")} |`,
    `| bare \`node:http\` server | ${s(median(r.bareStarts))} | ${r.bareStarts.map(s).join(", ")} |`,
    `| stop (SIGTERM until exit) | ${s(median(r.stops))} | ${r.stops.map(s).join(", ")} |`,
    "",
    `Target: a restart healthy in < 5 s — ${restart < 5000 ? `✅ ${s(restart)}` : `❌ ${s(restart)}`}. \`npm start\` checks the sources' modification times against the build's and builds only when one is newer (scripts/start.mjs); the restart then opens the embedded database, finds every migration applied and the demo data present, and starts Next behind the route table.`,
    "",
    "Reproduce: `npm run bench startup`.",
    "<!-- startup:end -->",
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const md = startupResultsMarkdown(await runStartupBench());
  console.log(md);
  writeSection("startup", md);
}
