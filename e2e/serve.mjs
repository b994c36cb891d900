// The e2e server: a throwaway database (embedded data dir, or the local PostgreSQL in DATABASE_URL
// wiped first), a production build, `next start`. Playwright's webServer runs this.
import { spawnSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";

const port = process.env.E2E_PORT || "3100";
const dataDir = path.resolve(process.env.MODELREG_DATA_DIR || ".e2e-data");
fs.rmSync(dataDir, { recursive: true, force: true });

if (process.env.DATABASE_URL) {
  const url = new URL(process.env.DATABASE_URL);
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(url.hostname)) {
    console.error(`Refusing to wipe a non-local database (${url.hostname}) for e2e tests.`);
    process.exit(1);
  }
  const sql = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
  await sql.unsafe("drop schema if exists drizzle cascade; drop schema public cascade; create schema public;");
  await sql.end();
}

const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  MODELREG_DATA_DIR: dataDir,
  MODELREG_SEED: "demo",
  MODELREG_DEMO_PASSWORD: process.env.MODELREG_DEMO_PASSWORD || "demo-password-123",
  NEXTAUTH_URL: `http://127.0.0.1:${port}`,
  MODELREG_LOGIN_IP_LIMIT: "100000",
  MODELREG_SIGNUP_IP_LIMIT: "100000",
  PORT: port,
};

if (!process.env.E2E_SKIP_BUILD) {
  const build = spawnSync("npx", ["next", "build"], { env, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const server = spawn("npx", ["next", "start", "-p", port, "-H", "127.0.0.1"], { env, stdio: "inherit" });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.kill(sig));
server.on("exit", (code) => process.exit(code ?? 0));
