// Adds up the JSON reports of both runs (vitest and Playwright) into one closing line.
import fs from "node:fs";
import path from "node:path";

const dir = process.argv[2];
let passed = 0, failed = 0, skipped = 0;
for (const file of fs.readdirSync(dir, { recursive: true })) {
  const p = path.join(dir, String(file));
  if (!p.endsWith(".json")) continue;
  const r = JSON.parse(fs.readFileSync(p, "utf8"));
  if ("numPassedTests" in r) {
    passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  } else if (r.stats) {
    passed += r.stats.expected + (r.stats.flaky ?? 0); failed += r.stats.unexpected; skipped += r.stats.skipped;
  }
}
if (passed === 0) { console.error("No test ran."); process.exit(1); }
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
