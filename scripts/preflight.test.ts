// The preflight of `npm test`: a missing browser is one line within seconds, or installed where apt-get can.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ensureChromium, findChromium, Missing } from "./preflight.mjs";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "preflight-"));
const nowhere = path.join(tmp, "no-such-browser");
const emptyPath = { PATH: path.join(tmp, "empty-bin") };

function fakeBrowser(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const bin = path.join(dir, "chromium");
  fs.writeFileSync(bin, "#!/bin/sh\necho 'Chromium 1.0 (fake)'\n", { mode: 0o755 });
  return bin;
}

describe("preflight: the browser", () => {
  it("stops at once with one line when CHROMIUM_PATH points nowhere (no silent fallback)", () => {
    const started = Date.now();
    const r = spawnSync(process.execPath, ["scripts/preflight.mjs", "chromium"], {
      env: { ...process.env, CHROMIUM_PATH: nowhere },
      encoding: "utf8",
    });
    expect(r.status).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`CHROMIUM_PATH=${nowhere}`);
    expect(() => findChromium({ CHROMIUM_PATH: nowhere })).toThrow(Missing);
  });

  it("without Chromium and without apt-get, says what to install and installs nothing", () => {
    let installed = false;
    expect(() => ensureChromium({ env: emptyPath, defaultPath: nowhere, aptAvailable: false, install: () => (installed = true) })).toThrow(
      /Chromium is not installed: install it \(Debian: `apt-get install -y chromium`\)/,
    );
    expect(installed).toBe(false);
  });

  it("with apt-get, installs Debian's chromium, says so in one line, and uses it", () => {
    const target = path.join(tmp, "installed", "chromium");
    const logs: string[] = [];
    const browser = ensureChromium({
      env: emptyPath,
      defaultPath: target,
      aptAvailable: true,
      install: (pkg) => {
        expect(pkg).toBe("chromium");
        fakeBrowser(path.dirname(target));
      },
      log: (l) => logs.push(l),
    });
    expect(browser).toBe(target);
    expect(logs).toEqual(["Chromium is not installed: installing Debian's chromium with apt-get (once)."]);
  });

  it("a browser that does not run is named, not launched later by Playwright", () => {
    const dir = path.join(tmp, "broken");
    fs.mkdirSync(dir, { recursive: true });
    const bin = path.join(dir, "chromium");
    fs.writeFileSync(bin, "#!/bin/sh\necho 'libfoo.so: cannot open shared object file' >&2\nexit 127\n", { mode: 0o755 });
    expect(() => ensureChromium({ env: { CHROMIUM_PATH: bin }, aptAvailable: false })).toThrow(/does not run \(.*libfoo/);
  });

  it("CHROMIUM_PATH wins over /usr/bin/chromium and PATH", () => {
    const bin = fakeBrowser(path.join(tmp, "custom"));
    expect(ensureChromium({ env: { CHROMIUM_PATH: bin }, aptAvailable: false })).toBe(bin);
  });
});

describe("preflight: PostgreSQL", () => {
  it("names the server it cannot reach in one line", () => {
    const r = spawnSync(process.execPath, ["scripts/preflight.mjs", "postgres"], {
      env: { ...process.env, DATABASE_URL: "postgres://postgres@127.0.0.1:1/none" },
      encoding: "utf8",
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")).toEqual([
      "preflight: cannot use the PostgreSQL server in DATABASE_URL (127.0.0.1:1: ECONNREFUSED): start it, or unset DATABASE_URL to test on the embedded database.",
    ]);
  });
});
