// One process per embedded database. PGlite has no lock between processes (two of them on one data dir silently
// diverge), so openDatabase() takes this one: `<dir>.lock` beside the data dir holds the owner's pid and its start
// time. A lock whose process is gone (a crash, a container restart reusing the pid) is stale and taken over.
import fs from "node:fs";
import path from "node:path";

export class EmbeddedDbInUseError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(`The embedded database ${dir} is in use by process ${pid} (lock file ${lockFileOf(dir)})`);
    this.name = "EmbeddedDbInUseError";
  }
}

export function lockFileOf(dir: string): string {
  const abs = path.resolve(dir);
  return path.join(path.dirname(abs), `${path.basename(abs)}.lock`);
}

/** The process's start time (clock ticks since boot, /proc/PID/stat field 22), or "" where there is no /proc. */
function startTimeOf(pid: number): string {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ")".
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? "";
  } catch {
    return "";
  }
}

function alive(pid: number, startTime: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  // Same pid, another process (pid reuse): the lock is stale.
  const now = startTimeOf(pid);
  return !startTime || !now || now === startTime;
}

// On globalThis: Next may load a second copy of this module into the same process (its own bundle).
const g = globalThis as unknown as { __modelregDbLocks?: Map<string, number> };
const held = (g.__modelregDbLocks ??= new Map<string, number>());
let exitHook = false;

/** Takes the lock on `dir` for this process (re-entrant); the returned function releases it. */
export function acquireEmbeddedLock(dir: string): () => void {
  const file = lockFileOf(dir);
  const count = held.get(file) ?? 0;
  if (count === 0) take(file, dir);
  held.set(file, count + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const n = (held.get(file) ?? 1) - 1;
    if (n > 0) {
      held.set(file, n);
      return;
    }
    held.delete(file);
    removeIfOurs(file);
  };
}

const mine = `${process.pid} ${startTimeOf(process.pid)}\n`;

function take(file: string, dir: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, mine, { flag: "wx", mode: 0o644 });
      if (!exitHook) {
        exitHook = true;
        process.on("exit", releaseAllOnExit);
      }
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    let content = "";
    try {
      content = fs.readFileSync(file, "utf8");
    } catch {
      continue; // removed meanwhile: try again
    }
    const [pidText, startTime = ""] = content.trim().split(/\s+/);
    const pid = Number(pidText);
    if (pid === process.pid) return; // ours (a copy of this module loaded twice)
    if (Number.isInteger(pid) && pid > 0 && alive(pid, startTime)) throw new EmbeddedDbInUseError(path.resolve(dir), pid);
    fs.rmSync(file, { force: true }); // stale
  }
  throw new Error(`Could not take the lock ${file}`);
}

function removeIfOurs(file: string): void {
  try {
    if (fs.readFileSync(file, "utf8") === mine) fs.rmSync(file, { force: true });
  } catch {
    // already gone
  }
}

function releaseAllOnExit(): void {
  for (const file of held.keys()) removeIfOurs(file);
  held.clear();
}
