// Adds up the JSON reports of both runs (vitest and Playwright) into one closing line.
// A test that passed only on a retry (Playwright's "flaky"; a vitest test that passed with failures
// recorded) is counted as FAILED and named: retries stay for diagnosis, never to turn CI green.
import fs from "node:fs";
import path from "node:path";

const dir = process.argv[2];
let passed = 0,
  failed = 0,
  skipped = 0;
const flaky = [];

/** Every test of a Playwright JSON report, with its full title (file › describe › test [project]). */
function* playwrightTests(suite, titles) {
  const here = suite.title ? [...titles, suite.title] : titles;
  for (const spec of suite.specs ?? []) {
    for (const t of spec.tests ?? []) yield { title: [...here, spec.title].join(" › ") + (t.projectName ? ` [${t.projectName}]` : ""), test: t };
  }
  for (const child of suite.suites ?? []) yield* playwrightTests(child, here);
}

for (const file of fs.readdirSync(dir, { recursive: true })) {
  const p = path.join(dir, String(file));
  if (!p.endsWith(".json")) continue;
  const r = JSON.parse(fs.readFileSync(p, "utf8"));
  const run = path.relative(dir, path.dirname(p)) || ".";
  if ("numPassedTests" in r) {
    let retried = 0;
    for (const f of r.testResults ?? []) {
      for (const a of f.assertionResults ?? []) {
        if (a.status === "passed" && (a.failureMessages?.length ?? 0) > 0) {
          retried++;
          flaky.push(`${run}: ${path.relative(process.cwd(), f.name ?? "")} › ${a.fullName ?? a.title}`);
        }
      }
    }
    passed += r.numPassedTests - retried;
    failed += r.numFailedTests + retried;
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  } else if (r.stats) {
    passed += r.stats.expected;
    failed += r.stats.unexpected + (r.stats.flaky ?? 0);
    skipped += r.stats.skipped;
    for (const s of r.suites ?? []) {
      for (const { title, test } of playwrightTests(s, [])) if (test.status === "flaky") flaky.push(`${run}: ${title}`);
    }
  }
}
if (passed === 0 && failed === 0) {
  console.error("No test ran.");
  process.exit(1);
}
if (flaky.length) {
  console.log(`Flaky (passed only on a retry, counted as failed): ${flaky.length}`);
  for (const f of flaky) console.log(`  - ${f}`);
}
console.log(`${passed} passed, ${failed} failed${flaky.length ? ` (${flaky.length} flaky)` : ""}, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
