// The e2e servers: a throwaway database (embedded data dir, or the local PostgreSQL in DATABASE_URL wiped
// first), one production build, served by the app's own server (the API route table in front of Next). Playwright's webServer runs this. With `--with-s3` a second
// instance of the same build starts once the first answers, on its own database, with its blobs in S3
// (s3rver on loopback, see e2e/s3-server.ts); Playwright waits for that last one.
import { spawnSync, spawn } from "node:child_process";
import fs from "node:fs";
import postgres from "postgres";
import { baseUrl, dataDir, port, s3, twin, twinEnabled } from "./servers.mjs";

const withS3 = process.argv.includes("--with-s3");
const children = [];
const stopAll = (sig) => {
  for (const c of children) if (c.exitCode === null) c.kill(sig);
};
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => stopAll(sig));

function localDatabaseUrl(url) {
  const u = new URL(url);
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(u.hostname)) {
    console.error(`Refusing to wipe a non-local database (${u.hostname}) for e2e tests.`);
    process.exit(1);
  }
  return u;
}

async function wipeSchema(url) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  await sql.unsafe("drop schema if exists drizzle cascade; drop schema public cascade; create schema public;");
  await sql.end();
}

/** A fresh database next to DATABASE_URL's (`<name>_s3`) for the second instance. */
async function freshSiblingDatabase(url, suffix) {
  const u = localDatabaseUrl(url);
  const name = `${u.pathname.slice(1) || "postgres"}${suffix}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  u.pathname = `/${name}`;
  return u.toString();
}

function appEnv(p, dir, extra = {}) {
  return {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    MODELREG_DATA_DIR: dir,
    MODELREG_SEED: "demo",
    MODELREG_DEMO_PASSWORD: process.env.MODELREG_DEMO_PASSWORD || "demo-password-123",
    NEXTAUTH_URL: baseUrl(p),
    MODELREG_LOGIN_IP_LIMIT: "100000",
    MODELREG_SIGNUP_IP_LIMIT: "100000",
    // webhooks.spec.ts delivers to a receiver on loopback, promptly
    MODELREG_WEBHOOK_ALLOW: "127.0.0.0/8",
    MODELREG_WEBHOOK_POLL_MS: "200",
    PORT: String(p),
    ...extra,
  };
}

function start(cmd, args, env, stdout = "inherit") {
  const child = spawn(cmd, args, { env, stdio: ["ignore", stdout, "inherit"] });
  children.push(child);
  child.on("exit", (code) => {
    stopAll("SIGTERM");
    process.exit(code ?? 0);
  });
  return child;
}

async function waitFor(url, timeoutMs = 180_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

fs.rmSync(dataDir, { recursive: true, force: true });
if (process.env.DATABASE_URL) {
  localDatabaseUrl(process.env.DATABASE_URL);
  await wipeSchema(process.env.DATABASE_URL);
}

const env = appEnv(port, dataDir);
if (!process.env.E2E_SKIP_BUILD) {
  const build = spawnSync("npm", ["run", "build"], { env, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
// The production server: the API route table on node:http in front of Next (server/main.ts).
const SERVER = `${process.env.NEXT_DIST_DIR || ".next"}/modelreg-server.mjs`;
start("node", [SERVER, "-p", String(port), "-H", "127.0.0.1"], env);

if (withS3) {
  fs.rmSync(s3.dataDir, { recursive: true, force: true });
  const s3server = start("npx", ["tsx", "e2e/s3-server.ts"], { ...process.env, E2E_S3_DIR: s3.dir, E2E_S3_BUCKET: s3.bucket }, "pipe");
  const endpoint = await new Promise((resolve) => {
    let buf = "";
    s3server.stdout.on("data", (d) => {
      buf += d;
      const m = /^ready (\S+)$/m.exec(buf);
      if (m) resolve(m[1]);
    });
  });
  console.log(`S3 endpoint for the second instance: ${endpoint}`);
  const extra = {
    STORAGE_URL: `s3://${s3.bucket}/${s3.prefix}`,
    S3_ENDPOINT: endpoint,
    S3_FORCE_PATH_STYLE: "true",
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
    AWS_REGION: "us-east-1",
    ...(process.env.DATABASE_URL ? { DATABASE_URL: await freshSiblingDatabase(process.env.DATABASE_URL, "_s3") } : {}),
  };
  await waitFor(`${baseUrl(port)}/api/v1/health`);
  if (twinEnabled) {
    // One session secret for the pair, as every instance behind a load balancer needs.
    extra.NEXTAUTH_SECRET = twin.secret;
    fs.rmSync(twin.dataDir, { recursive: true, force: true });
    // Started together: the migrations and the demo seed race on the fresh database.
    start("node", [SERVER, "-p", String(twin.appPort), "-H", "127.0.0.1"], appEnv(twin.appPort, twin.dataDir, extra));
  }
  start("node", [SERVER, "-p", String(s3.appPort), "-H", "127.0.0.1"], appEnv(s3.appPort, s3.dataDir, extra));
}
