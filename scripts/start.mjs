// `npm start`: builds only when there is no build yet or a source is newer than it, then serves. A restart of an
// existing install skips the ~10–60 s build. `--build` forces one.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const distDir = path.join(root, process.env.NEXT_DIST_DIR || ".next");
const SOURCES = [
  "app",
  "server",
  "scripts/build-server.mjs",
  "components",
  "lib",
  "db",
  "types",
  "public",
  "instrumentation.ts",
  "next.config.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
];
const SKIP = new Set(["node_modules", ".git", "data"]);

/** The newest modification time under the sources, in ms (0 when there are none). */
function newestSource() {
  let newest = 0;
  const visit = (p) => {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(p)) if (!SKIP.has(e)) visit(path.join(p, e));
    } else if (st.mtimeMs > newest) newest = st.mtimeMs;
  };
  for (const s of SOURCES) visit(path.join(root, s));
  return newest;
}

function buildTime() {
  try {
    return fs.statSync(path.join(distDir, "BUILD_ID")).mtimeMs;
  } catch {
    return 0;
  }
}

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { NEXT_TELEMETRY_DISABLED: "1", ...process.env } });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
const serverBundle = path.join(distDir, "modelreg-server.mjs");

const built = buildTime();
if (process.argv.includes("--build") || !built || !fs.existsSync(serverBundle) || newestSource() > built) {
  console.log(built ? "Sources changed since the last build: building." : "No build yet: building.");
  run("npm", ["run", "build"]);
} else {
  console.log("The build is up to date with the sources: starting it.");
}
// The app's own server: the API route table on node:http in front of Next (server/main.ts). A child that gets the
// signals this process gets (a container's stop, Ctrl-C, a supervisor's SIGTERM), so stopping `npm start` stops
// the server instead of leaving it running with the port and the embedded database held.
const server = spawn("node", [serverBundle, ...process.argv.slice(2).filter((a) => a !== "--build")], {
  cwd: root,
  stdio: "inherit",
  env: { NEXT_TELEMETRY_DISABLED: "1", ...process.env },
});
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => server.kill(sig));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1)));
