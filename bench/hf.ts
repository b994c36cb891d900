// Hugging Face benchmark: a 1 GiB version file downloaded through the Hub's resolve path
// (`/{owner}/{model}/resolve/{rev}/{path}`, what huggingface_hub and from_pretrained fetch) against the REST file
// route and against `cp` of the same file, in one run, on the production server (node:http route table, local blob
// store on the same disk). Writes its figures into bench/RESULTS.md (its own section).
//
//   npx tsx bench/hf.ts              (builds nothing: run `NEXT_DIST_DIR=.next-files npm run build` first)
//   BENCH_FILE_MIB=256 npx tsx bench/hf.ts    (a smaller file for a quick look)
//
// Server: port BENCH_HF_PORT (3207), NEXT_DIST_DIR=.next-files, MODELREG_DATA_DIR=.e2e-data-hf and, when
// PostgreSQL answers on 127.0.0.1, the database e2e_hf (made if missing; else the embedded database).
import { writeSection } from "./common";
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const PORT = Number(process.env.BENCH_HF_PORT || 3207);
const DATA_DIR = path.join(ROOT, ".e2e-data-hf");
const WORK = path.join(DATA_DIR, "bench-work"); // same disk as the blob store; gitignored (.e2e-data*)
const MIB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_FILE_MIB || 1024) * MIB;
const RUNS = Number(process.env.BENCH_RUNS || 3);
const PASSWORD = "demo-password-123";
const DB_NAME = "e2e_hf";

export type HfBenchResult = {
  sizeMiB: number;
  cp: number;
  rest: number;
  resolve: number;
  /** The resolve path's HEAD (the metadata call huggingface_hub makes before every download), ms. */
  headMs: number;
  database: string;
  load: number;
  loadEnd: number;
  /** Every run's seconds, as measured (the medians above hide a loaded machine's spikes). */
  runs: { cp: number; rest: number; resolve: number }[];
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function seconds<T>(fn: () => T): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

async function secondsAsync(fn: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

function request(method: string, urlPath: string, opts: { token?: string; json?: unknown } = {}) {
  return new Promise<http.IncomingMessage>((resolve, reject) => {
    const body = opts.json === undefined ? undefined : JSON.stringify(opts.json);
    const req = http.request({
      host: "127.0.0.1",
      port: PORT,
      method,
      path: urlPath,
      agent: false,
      headers: {
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(body ? { "content-type": "application/json", "content-length": Buffer.byteLength(body) } : {}),
      },
    });
    req.on("response", resolve).on("error", reject);
    req.end(body);
  });
}

async function json<T>(res: http.IncomingMessage): Promise<T> {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if ((res.statusCode ?? 500) >= 300) throw new Error(`HTTP ${res.statusCode}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** curl as the client: `args`, then the HTTP status. */
function curl(args: string[], output = "/dev/null"): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile("curl", ["-sS", "-H", "Expect:", "-o", output, "-w", "%{http_code}", ...args], (err, stdout, stderr) => {
      if (err) reject(new Error(`curl: ${stderr || err.message}`));
      else resolve(Number(stdout));
    });
  });
}

async function download(urlPath: string, token: string, dest: string, extra: string[] = []): Promise<void> {
  const status = await curl(["-H", `authorization: Bearer ${token}`, ...extra, `http://127.0.0.1:${PORT}${urlPath}`], dest);
  if (status !== 200) throw new Error(`download ${urlPath}: HTTP ${status}`);
}

const sha256sum = (file: string) => execFileSync("sha256sum", [file], { encoding: "utf8" }).slice(0, 64);

function postgresUrl(): string | null {
  try {
    const has = execFileSync("psql", ["-h", "127.0.0.1", "-U", "postgres", "-Atc", `select 1 from pg_database where datname = '${DB_NAME}'`], {
      encoding: "utf8",
    }).trim();
    if (has !== "1") execFileSync("psql", ["-h", "127.0.0.1", "-U", "postgres", "-c", `create database ${DB_NAME}`], { stdio: "ignore" });
    return `postgres://postgres@127.0.0.1:5432/${DB_NAME}`;
  } catch {
    return null;
  }
}

async function startServer(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn("node", ["e2e/serve.mjs"], { cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"], detached: true });
  for (let i = 0; i < 240; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const ok = await request("GET", "/api/v1/health").then(
      (r) => (r.resume(), r.statusCode === 200),
      () => false,
    );
    if (ok) return child;
  }
  throw new Error("The server did not become healthy");
}

function makeFile(file: string, size: number): void {
  const fd = fs.openSync(file, "w");
  const block = crypto.randomBytes(16 * MIB);
  for (let off = 0; off < size; off += block.length) fs.writeSync(fd, block, 0, Math.min(block.length, size - off));
  fs.closeSync(fd);
}

export async function runHfBench(): Promise<HfBenchResult> {
  const pg = postgresUrl();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    E2E_PORT: String(PORT),
    E2E_SKIP_BUILD: "1",
    NEXT_DIST_DIR: ".next-files",
    MODELREG_DATA_DIR: DATA_DIR,
    MODELREG_MAX_FILE_SIZE: String(8 * 1024 * MIB),
    MODELREG_DEMO_PASSWORD: PASSWORD,
    DATABASE_URL: pg ?? "",
  };
  delete env.STORAGE_URL; // the local blob store, on the same disk as `cp`
  const server = await startServer(env); // it wipes the data dir first: make the work dir after
  fs.mkdirSync(WORK, { recursive: true });
  try {
    const { token } = await json<{ token: string }>(
      await request("POST", "/api/v1/auth/token", { json: { username: "demo", password: PASSWORD, name: "bench hf" } }),
    );
    const version = `bench-hf-${Date.now().toString(36)}`;
    await json(await request("POST", "/api/v1/acme/fraud-detector/versions/model", { token, json: { name: version } }));
    const src = path.join(WORK, "src.bin");
    makeFile(src, SIZE);
    const sha = sha256sum(src);
    const restPath = `/api/v1/acme/fraud-detector/versions/model/${version}/files/model.bin`;
    const resolvePath = `/acme/fraud-detector/resolve/${version}/model.bin`;
    const up = await curl(["-T", src, "-H", `authorization: Bearer ${token}`, "-H", `x-checksum-sha256: ${sha}`, `http://127.0.0.1:${PORT}${restPath}`]);
    if (up !== 201 && up !== 200) throw new Error(`upload: HTTP ${up}`);
    // Warm-up: the first request of each route loads it; start-up, not transfer.
    const hf = `hf_${token}`;
    for (const p of [restPath, resolvePath]) {
      const s = await curl(["-H", `authorization: Bearer ${hf}`, "-r", "0-1048575", `http://127.0.0.1:${PORT}${p}`]);
      if (s !== 206) throw new Error(`warm-up ${p}: HTTP ${s}`);
    }
    const load = os.loadavg()[0];
    const cps: number[] = [];
    const rests: number[] = [];
    const resolves: number[] = [];
    const heads: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const copy = path.join(WORK, `copy-${run}.bin`);
      cps.push(seconds(() => execFileSync("cp", [src, copy])));
      fs.rmSync(copy);
      // Alternate the order so that neither route always runs on a warmer page cache.
      const order = run % 2 ? (["rest", "resolve"] as const) : (["resolve", "rest"] as const);
      for (const which of order) {
        const dest = path.join(WORK, `down-${which}-${run}.bin`);
        const t = which === "rest" ? await secondsAsync(() => download(restPath, token, dest)) : await secondsAsync(() => download(resolvePath, hf, dest));
        const got = sha256sum(dest);
        if (got !== sha) throw new Error(`${which} download ${run}: sha256 ${got} != ${sha}`);
        fs.rmSync(dest);
        (which === "rest" ? rests : resolves).push(t);
      }
      heads.push(1000 * (await secondsAsync(() => curl(["-I", "-H", `authorization: Bearer ${hf}`, `http://127.0.0.1:${PORT}${resolvePath}`]))));
      console.log(
        `run ${run}: cp ${cps.at(-1)!.toFixed(2)}s, REST ${rests.at(-1)!.toFixed(2)}s, resolve ${resolves.at(-1)!.toFixed(2)}s, HEAD ${heads.at(-1)!.toFixed(0)} ms`,
      );
    }
    return {
      sizeMiB: SIZE / MIB,
      cp: median(cps),
      rest: median(rests),
      resolve: median(resolves),
      headMs: median(heads),
      database: pg ? "PostgreSQL" : "embedded PGlite",
      load,
      loadEnd: os.loadavg()[0],
      runs: cps.map((cp, i) => ({ cp, rest: rests[i], resolve: resolves[i] })),
    };
  } finally {
    if (server.pid) process.kill(-server.pid, "SIGTERM");
    fs.rmSync(WORK, { recursive: true, force: true });
  }
}

export function hfResultsMarkdown(r: HfBenchResult): string {
  const mbps = (s: number) => ((r.sizeMiB * MIB) / 1e6 / s).toFixed(0);
  const cpu = execFileSync("sh", ["-c", "nproc; grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], { encoding: "utf8" }).trim().split("\n");
  return [
    "<!-- hf:begin -->",
    "## Hugging Face: a 1 GiB download through `/resolve/` vs the REST file route vs `cp`",
    "",
    `${r.sizeMiB} MiB of random bytes in one version file, local blob store on the same disk, the production server (node:http route table), ${r.database}, ` +
      `${cpu[0]} cores (${cpu[1]?.trim()}) shared with other work (load average ${r.load.toFixed(1)} at the start, ${r.loadEnd.toFixed(1)} at the end), curl as the client writing the file, ` +
      `median of ${RUNS} runs (the two routes alternate first), ${new Date().toISOString().slice(0, 10)}. MB = 10⁶ bytes.`,
    "",
    "| transfer | time | MB/s | ratio to cp | ratio to REST |",
    "|---|---|---|---|---|",
    `| \`cp\` | ${r.cp.toFixed(2)} s | ${mbps(r.cp)} | 1.00 | — |`,
    `| REST \`GET /api/v1/…/files/model.bin\` | ${r.rest.toFixed(2)} s | ${mbps(r.rest)} | ${(r.cp / r.rest).toFixed(2)} | 1.00 |`,
    `| Hugging Face \`GET /{repo}/resolve/{rev}/model.bin\` (hf_ token) | ${r.resolve.toFixed(2)} s | ${mbps(r.resolve)} | ${(r.cp / r.resolve).toFixed(2)} | ${(r.rest / r.resolve).toFixed(2)} |`,
    "",
    `Every run (cp / REST / resolve, s): ${r.runs.map((x) => `${x.cp.toFixed(2)} / ${x.rest.toFixed(2)} / ${x.resolve.toFixed(2)}`).join("; ")}. ` +
      "`cp` writes its 1 GiB copy into the page cache of a disk the other engineers' work was writing to as well (the files section above measured 0.43 s on a quieter machine); " +
      "the downloads also write their file (curl `-o`), so the ratios compare like with like only within one run.",
    "",
    `The resolve path's HEAD (huggingface_hub's metadata call before each download: revision, commit id, file row): ${r.headMs.toFixed(0)} ms including curl's start. ` +
      "Both routes stream the same blob through the same reader (4 MiB reads); resolve adds the revision lookup and its commit id (one aggregate over the version's files) before the first byte, " +
      "so over 1 GiB the two should be within noise of each other. On S3 `/resolve/` answers a 302 to a presigned GET instead (README, `MODELREG_S3_DOWNLOAD_REDIRECT`): the bytes then bypass the app entirely.",
    "",
    "Reproduce: `npm run bench hf` (or `NEXT_DIST_DIR=.next-files npm run build && npx tsx bench/hf.ts`).",
    "<!-- hf:end -->",
  ].join("\n");
}

/** Replaces this benchmark's section of bench/RESULTS.md (or appends it), leaving the others alone. */
export function writeHfResults(markdown: string): void {
  writeSection("hf", markdown);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runHfBench();
  const md = hfResultsMarkdown(result);
  console.log(md);
  writeHfResults(md);
}
