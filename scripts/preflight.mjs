// `npm test`'s first step: makes sure what the suite needs is there before anything runs, so a fresh machine
// fails in seconds with one line saying what is missing (or installs it, where it can) — never a stack trace
// from Playwright or a test timing out. Checks: the npm dependencies, Chromium (CHROMIUM_PATH, else
// /usr/bin/chromium, else `chromium` on PATH, else Debian's package installed with apt-get when run as root),
// the e2e ports, and — only when DATABASE_URL is set — the PostgreSQL server it names (started, and the
// database created, when it is a local one that is not running or does not exist yet).
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

class Missing extends Error {}
const say = (line) => console.log(`preflight: ${line}`);

const isExecutable = (p) => {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
};

const onPath = (name, env = process.env) =>
  (env.PATH || "")
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, name))
    .find(isExecutable) ?? null;

/**
 * The browser the e2e tests launch: CHROMIUM_PATH when set (and then it must exist: no silent fallback),
 * else /usr/bin/chromium, else a `chromium` on PATH. Null when there is none. playwright.config.ts asks here too.
 */
export function findChromium(env = process.env, defaultPath = "/usr/bin/chromium") {
  if (env.CHROMIUM_PATH) {
    if (!isExecutable(env.CHROMIUM_PATH))
      throw new Missing(`CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable file: point it at a Chromium binary, or unset it to use /usr/bin/chromium.`);
    return env.CHROMIUM_PATH;
  }
  if (isExecutable(defaultPath)) return defaultPath;
  return onPath("chromium", env) ?? onPath("chromium-browser", env);
}

function checkDependencies() {
  for (const pkg of ["@playwright/test", "next", "vitest", "s3rver", "postgres"]) {
    if (!fs.existsSync(path.join(root, "node_modules", pkg, "package.json"))) {
      throw new Missing(`the npm package '${pkg}' is not installed: run \`npm ci\` first.`);
    }
  }
}

const canApt = () => typeof process.getuid === "function" && process.getuid() === 0 && onPath("apt-get") !== null;

function aptInstall(pkg) {
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const update = spawnSync("apt-get", ["update", "-qq"], { env, stdio: ["ignore", "ignore", "pipe"] });
  const install = update.status === 0 ? spawnSync("apt-get", ["install", "-y", "-qq", pkg], { env, stdio: ["ignore", "ignore", "pipe"] }) : update;
  if (install.status !== 0) {
    const why =
      String(install.stderr || "")
        .trim()
        .split("\n")
        .pop() || `exit code ${install.status}`;
    throw new Missing(`installing Debian's ${pkg} with apt-get failed (${why}): install it by hand.`);
  }
}

/**
 * Finds Chromium, or installs Debian's package when it can (root with apt-get), or throws one line saying
 * what to install. The defaults are this machine's; tests pass their own.
 */
export function ensureChromium({ env = process.env, defaultPath = "/usr/bin/chromium", aptAvailable = canApt(), install = aptInstall, log = say } = {}) {
  let browser = findChromium(env, defaultPath);
  if (!browser) {
    if (!aptAvailable)
      throw new Missing("Chromium is not installed: install it (Debian: `apt-get install -y chromium`) or set CHROMIUM_PATH to a Chromium binary.");
    log("Chromium is not installed: installing Debian's chromium with apt-get (once).");
    install("chromium");
    browser = findChromium(env, defaultPath);
    if (!browser) throw new Missing("apt-get installed chromium but no /usr/bin/chromium appeared: set CHROMIUM_PATH.");
  }
  try {
    execFileSync(browser, ["--version"], { stdio: ["ignore", "pipe", "pipe"], timeout: 20_000 });
  } catch (err) {
    throw new Missing(
      `${browser} does not run (${
        String(err.stderr || err.message)
          .trim()
          .split("\n")[0]
      }): reinstall Chromium or set CHROMIUM_PATH.`,
    );
  }
  return browser;
}

export { Missing };

function portFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

async function checkPorts() {
  const port = Number(process.env.E2E_PORT || 3100);
  const ports = process.env.E2E_S3 === "0" ? [port] : process.env.DATABASE_URL ? [port, port + 5, port + 6] : [port, port + 5];
  for (const p of ports) {
    if (!(await portFree(p))) throw new Missing(`port ${p} on 127.0.0.1 is in use (an e2e server left running?): stop it, or set E2E_PORT.`);
  }
}

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

async function tryConnect(url) {
  const { default: postgres } = await import("postgres");
  const sql = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await sql`select 1`;
    return null;
  } catch (err) {
    return err;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

/** The port of the machine's cluster (Debian keeps it in postgresql.conf; 5432 unless changed). */
function clusterPort(version) {
  try {
    const conf = fs.readFileSync(`/etc/postgresql/${version}/main/postgresql.conf`, "utf8");
    return Number(/^\s*port\s*=\s*(\d+)/m.exec(conf)?.[1] ?? 5432);
  } catch {
    return 5432;
  }
}

function startLocalPostgres(port) {
  if (!fs.existsSync("/etc/postgresql") && canApt()) {
    say("PostgreSQL is not installed: installing Debian's postgresql with apt-get (once).");
    aptInstall("postgresql");
  }
  const versions = fs.existsSync("/etc/postgresql") ? fs.readdirSync("/etc/postgresql") : [];
  if (!versions.length || !onPath("pg_ctlcluster") || clusterPort(versions[0]) !== port) return false;
  say(`PostgreSQL is not running: starting cluster ${versions[0]}/main.`);
  const r = spawnSync("pg_ctlcluster", ["--skip-systemctl-redirect", versions[0], "main", "start"], { stdio: ["ignore", "ignore", "pipe"] });
  return r.status === 0;
}

async function checkPostgres() {
  const url = process.env.DATABASE_URL;
  if (!url) return; // the embedded database needs nothing
  let u;
  try {
    u = new URL(url);
  } catch {
    throw new Missing("DATABASE_URL is not a URL (expected postgres://user@host:port/database).");
  }
  const where = `${u.hostname}:${u.port || 5432}`;
  const local = LOCAL_HOSTS.has(u.hostname);
  let err = await tryConnect(url);
  if (err && local && ["ECONNREFUSED", "ENOENT"].includes(err.code) && startLocalPostgres(Number(u.port || 5432))) {
    for (let i = 0; i < 30 && err; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      err = await tryConnect(url);
    }
  }
  if (err && err.code === "3D000" && local) {
    // The database does not exist yet: create it through the server's maintenance database.
    const name = decodeURIComponent(u.pathname.slice(1));
    const admin = new URL(url);
    admin.pathname = "/postgres";
    const { default: postgres } = await import("postgres");
    const sql = postgres(admin.toString(), { max: 1, connect_timeout: 5, onnotice: () => {} });
    try {
      await sql.unsafe(`create database "${name.replaceAll('"', '""')}"`);
      say(`created the database '${name}' on ${where}.`);
      err = null;
    } catch (e) {
      err = e;
    } finally {
      await sql.end({ timeout: 1 }).catch(() => {});
    }
  }
  if (err)
    throw new Missing(
      `cannot use the PostgreSQL server in DATABASE_URL (${where}: ${err.code || err.message}): start it, or unset DATABASE_URL to test on the embedded database.`,
    );
}

async function main() {
  const only = process.argv.slice(2);
  const steps = { deps: checkDependencies, chromium: () => ensureChromium(), ports: checkPorts, postgres: checkPostgres };
  try {
    for (const [name, step] of Object.entries(steps)) if (!only.length || only.includes(name)) await step();
  } catch (err) {
    if (!(err instanceof Missing)) throw err;
    console.error(`preflight: ${err.message}`);
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
