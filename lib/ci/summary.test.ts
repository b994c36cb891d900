// .ci/summary.mjs: the closing line of CI. A test that passed only on a retry counts as failed and is named.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const SCRIPT = path.join(process.cwd(), ".ci", "summary.mjs");
let dir: string;
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function summary(reports: Record<string, unknown>) {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ci-summary-"));
  for (const [name, body] of Object.entries(reports)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), JSON.stringify(body));
  }
  const r = spawnSync(process.execPath, [SCRIPT, dir], { encoding: "utf8" });
  return { code: r.status, out: r.stdout + r.stderr };
}

const vitest = (extra: object = {}) => ({ numPassedTests: 10, numFailedTests: 0, numPendingTests: 1, numTodoTests: 0, testResults: [], ...extra });
const playwright = (stats: object, suites: unknown[] = []) => ({ stats: { expected: 5, unexpected: 0, flaky: 0, skipped: 0, ...stats }, suites });

describe(".ci/summary.mjs", () => {
  it("all green: passes and adds both runs up", () => {
    const r = summary({ "embedded/vitest.json": vitest(), "embedded/playwright.json": playwright({}), "postgres/vitest.json": vitest() });
    expect(r.out.trim()).toBe("25 passed, 0 failed, 2 skipped");
    expect(r.code).toBe(0);
  });

  it("a Playwright test that passed on retry is a failure, named in the output", () => {
    const suites = [
      {
        title: "route-walk.spec.ts",
        specs: [{ title: "the walk finds the routes", tests: [{ projectName: "chromium", status: "expected" }] }],
        suites: [{ title: "signed out", specs: [{ title: "every API route", tests: [{ projectName: "chromium", status: "flaky" }] }] }],
      },
    ];
    const r = summary({ "postgres/playwright.json": playwright({ expected: 4, flaky: 1 }, suites) });
    expect(r.code).toBe(1);
    expect(r.out).toContain("4 passed, 1 failed (1 flaky), 0 skipped");
    expect(r.out).toContain("postgres: route-walk.spec.ts › signed out › every API route [chromium]");
  });

  it("a vitest test that passed with failures recorded (a retry) is a failure, named", () => {
    const testResults = [
      { name: path.join(process.cwd(), "lib/x.test.ts"), assertionResults: [{ status: "passed", fullName: "x works", failureMessages: ["boom"] }] },
    ];
    const r = summary({ "embedded/vitest.json": vitest({ testResults }) });
    expect(r.code).toBe(1);
    expect(r.out).toContain("9 passed, 1 failed (1 flaky), 1 skipped");
    expect(r.out).toContain("embedded: lib/x.test.ts › x works");
  });

  it("a plain failure fails", () => {
    const r = summary({ "embedded/playwright.json": playwright({ unexpected: 2 }) });
    expect(r.out.trim()).toBe("5 passed, 2 failed, 0 skipped");
    expect(r.code).toBe(1);
  });
});
