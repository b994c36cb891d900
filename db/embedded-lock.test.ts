// The one-process lock of an embedded data dir: re-entrant in its process, refused while another live process
// holds it, taken over when the holder is gone.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { acquireEmbeddedLock, EmbeddedDbInUseError, lockFileOf } from "./embedded-lock";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "modelreg-lock-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the embedded database lock", () => {
  it("is re-entrant in one process and removed with the last release", () => {
    const db = path.join(dir, "a", "db");
    const r1 = acquireEmbeddedLock(db);
    const r2 = acquireEmbeddedLock(db);
    expect(fs.readFileSync(lockFileOf(db), "utf8")).toMatch(new RegExp(`^${process.pid} `));
    r1();
    expect(fs.existsSync(lockFileOf(db))).toBe(true);
    r2();
    expect(fs.existsSync(lockFileOf(db))).toBe(false);
  });

  it("is refused while another live process holds it, and taken over once that process is gone", async () => {
    const db = path.join(dir, "b", "db");
    fs.mkdirSync(path.dirname(db), { recursive: true });
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    const pid = child.pid ?? 0;
    const start = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const startTime = start.slice(start.lastIndexOf(")") + 2).split(" ")[19];
    fs.writeFileSync(lockFileOf(db), `${pid} ${startTime}\n`);
    expect(() => acquireEmbeddedLock(db)).toThrow(EmbeddedDbInUseError);
    // The same pid with another start time is another process (pid reuse): stale.
    fs.writeFileSync(lockFileOf(db), `${pid} 1\n`);
    acquireEmbeddedLock(db)();
    fs.writeFileSync(lockFileOf(db), `${pid} ${startTime}\n`);
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    const release = acquireEmbeddedLock(db);
    expect(fs.readFileSync(lockFileOf(db), "utf8")).toMatch(new RegExp(`^${process.pid} `));
    release();
  });
});
