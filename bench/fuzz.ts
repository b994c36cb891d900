// npm run bench -- fuzz: the API fuzzer of e2e/fuzz.spec.ts at scale (BENCH_FUZZ_RUNS, default 20,000
// requests, fixed seed): statuses, failures (5xx, stack traces, SQL in a body), duration and the server's peak
// RSS, written to bench/RESULTS.md. Against FUZZ_URL if given (a server already running, e.g. the e2e one),
// else a fresh e2e server (e2e/serve.mjs, seeded demo data) on BENCH_FUZZ_PORT (default 3390).
import { writeSection } from "./common";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { apiRoutes, runFuzz, send, setupTargets, type FuzzStats } from "../e2e/fuzz-cases";

const ROOT = path.resolve(import.meta.dirname, "..");
const SEED = 20261202;

function listenerPid(port: string): number | null {
  try {
    const out = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
    const m = /pid=(\d+)/.exec(out);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

function rssMiB(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

async function startServer(port: number): Promise<ChildProcess> {
  // serve.mjs wipes DATABASE_URL's database: the bench server gets an embedded one unless BENCH_FUZZ_DATABASE_URL names one.
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  const env = {
    ...rest,
    ...(process.env.BENCH_FUZZ_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_FUZZ_DATABASE_URL } : {}),
    E2E_PORT: String(port),
    E2E_S3: "0",
    MODELREG_DATA_DIR: path.join(ROOT, ".bench-fuzz-data"),
    NEXT_DIST_DIR: ".next-fuzz",
  };
  const child = spawn("node", ["e2e/serve.mjs"], { cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"], detached: true });
  for (let i = 0; i < 600; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const ok = await send(`http://127.0.0.1:${port}`, { method: "GET", path: "/api/v1/health" }).then(
      (a) => a.status === 200,
      () => false,
    );
    if (ok) return child;
  }
  throw new Error("The server did not become healthy");
}

export type FuzzBenchResult = FuzzStats & { seed: number; routes: number; baseRssMiB: number; peakRssMiB: number; load: number[] };

export async function runFuzzBench(): Promise<FuzzBenchResult> {
  const runs = Number(process.env.BENCH_FUZZ_RUNS ?? 20_000);
  const port = Number(process.env.BENCH_FUZZ_PORT ?? 3390);
  const child = process.env.FUZZ_URL ? null : await startServer(port);
  const base = process.env.FUZZ_URL ?? `http://127.0.0.1:${port}`;
  try {
    const pid = listenerPid(new URL(base).port);
    const baseRss = pid ? rssMiB(pid) : 0;
    let peak = baseRss;
    const timer = setInterval(() => (peak = Math.max(peak, pid ? rssMiB(pid) : 0)), 100);
    const routes = apiRoutes(ROOT);
    const targets = await setupTargets(base, process.env.MODELREG_DEMO_PASSWORD || "demo-password-123");
    const stats = await runFuzz({
      base,
      routes,
      targets,
      numRuns: runs,
      seed: SEED,
      concurrency: 8,
      onProgress: (n) => n % 5000 === 0 && console.log(`fuzz: ${n} requests`),
    });
    clearInterval(timer);
    return { ...stats, seed: SEED, routes: routes.length, baseRssMiB: baseRss, peakRssMiB: peak, load: os.loadavg() };
  } finally {
    if (child?.pid) process.kill(-child.pid, "SIGTERM");
  }
}

export function fuzzResultsMarkdown(r: FuzzBenchResult): string {
  const histogram = Object.entries(r.statuses).sort(([a], [b]) => Number(a) - Number(b));
  return [
    "<!-- fuzz:begin -->",
    "## Fuzz: malformed requests across every API route",
    "",
    `\`npm run bench -- fuzz\` (bench/fuzz.ts, the generator of e2e/fuzz.spec.ts): ${r.requests.toLocaleString("en")} requests from seed ${r.seed} over the ${r.routes} route files under lib/api/routes/v1, served by the production server (the route table on node:http) — malformed path segments (bad percent-encoding, NUL, surrogates, huge, traversal), bad limit/offset/sort/PQL, bodies that are not JSON, wrong types, NUL and lone surrogates in strings and keys, deep nesting, strings up to 100k characters, and valid, bad and malformed credentials; 8 at a time. Writes go to an org of the fuzzer's own.`,
    "",
    "| requests | duration | req/s | answers ≥ 500 | stack traces or SQL in a body | server RSS before → peak | load average |",
    "|---|---|---|---|---|---|---|",
    `| ${r.requests} | ${r.seconds.toFixed(0)} s | ${(r.requests / r.seconds).toFixed(0)} | ${r.failures.filter((f) => f.status >= 500).length} | ${r.failures.filter((f) => f.status < 500 && f.status !== 0).length} | ${r.baseRssMiB.toFixed(0)} → ${r.peakRssMiB.toFixed(0)} MiB | ${r.load.map((l) => l.toFixed(1)).join(" / ")} |`,
    "",
    "| status | answers |",
    "|---|---|",
    ...histogram.map(([s, n]) => `| ${s === "0" ? "no answer" : s} | ${n} |`),
    "",
    r.failures.length
      ? `Failures (first 10):\n\n${r.failures
          .slice(0, 10)
          .map((f) => `- ${f.req.method} \`${f.req.path.slice(0, 160)}\` → ${f.status} (${f.problem})`)
          .join("\n")}`
      : "No failures.",
    "<!-- fuzz:end -->",
  ].join("\n");
}

/** Replaces this benchmark's section of bench/RESULTS.md (or appends it), leaving the others alone. */
export function writeFuzzResults(markdown: string): void {
  writeSection("fuzz", markdown);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const md = fuzzResultsMarkdown(await runFuzzBench());
  console.log(md);
  writeFuzzResults(md);
}
