// Thousands of malformed requests across every API route (e2e/fuzz-cases.ts): none may answer 5xx, and no
// body may carry a stack trace or SQL. The seed is fixed, so a failure reproduces; the larger run is bench/fuzz.ts.
import { expect, test } from "./fixtures";
import { apiRoutes, runFuzz, setupTargets } from "./fuzz-cases";
import { DEMO_PASSWORD } from "./helpers";

const SEED = 20261202;
const RUNS = 2000;

test("fuzzing every API route: no 5xx, no stack trace, no SQL", async ({ baseURL }) => {
  test.setTimeout(300_000); // ≈ 30 s on a quiet 2-core machine, 100 s at a load average of 27
  const routes = apiRoutes();
  expect(routes.length).toBeGreaterThan(20);
  const targets = await setupTargets(baseURL!, DEMO_PASSWORD);
  const stats = await runFuzz({ base: baseURL!, routes, targets, numRuns: RUNS, seed: SEED, concurrency: 8 });
  console.log(`fuzz: ${stats.requests} requests in ${stats.seconds.toFixed(1)} s, statuses ${JSON.stringify(stats.statuses)}`);
  expect(stats.requests).toBe(RUNS);
  expect(stats.failures.slice(0, 5)).toEqual([]);
  // The run reached the handlers, not only the router: some answers are successes and some are refusals.
  expect(stats.statuses["200"] ?? 0).toBeGreaterThan(0);
  expect(stats.statuses["400"] ?? 0).toBeGreaterThan(RUNS / 10);
});
