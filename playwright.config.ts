import { defineConfig } from "@playwright/test";
import { baseUrl, port, s3, s3Enabled, twin, twinEnabled } from "./e2e/servers.mjs";
import { findChromium } from "./scripts/preflight.mjs";

// The same browser `npm test`'s preflight checked (or installed): CHROMIUM_PATH, /usr/bin/chromium, PATH.
function chromium(): string {
  try {
    const found = findChromium();
    if (found) return found;
    console.error("Chromium is not installed: run `node scripts/preflight.mjs` (installs it where it can) or set CHROMIUM_PATH.");
  } catch (err) {
    console.error((err as Error).message);
  }
  process.exit(1);
}

// The file journeys run twice: against the main instance (blobs on local disk) and against the instance whose
// blob store is S3 (s3rver on loopback), so both backends are proven through the API, the browser and the CLI.
const S3_SPECS = /(^|\/)(files|cli-files|hf)\.spec\.ts$/;

export default defineConfig({
  testDir: "./e2e",
  timeout: 120_000, // the longest journeys (create, edit, restrict, delete a model) take ~50 s on 2 busy cores
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: process.env.E2E_WORKERS ? Number(process.env.E2E_WORKERS) : 2,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI_RESULTS ? [["list"], ["json", { outputFile: `${process.env.CI_RESULTS}/playwright.json` }]] : [["list"]],
  use: {
    baseURL: baseUrl(port),
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromium(),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "local", testIgnore: /multi-instance\.spec\.ts$/ },
    // Two instances on one PostgreSQL and one bucket (only with DATABASE_URL: the embedded database is one process's).
    ...(twinEnabled ? [{ name: "multi", testMatch: /multi-instance\.spec\.ts$/, use: { baseURL: baseUrl(s3.appPort) } }] : []),
    ...(s3Enabled ? [{ name: "s3", testMatch: S3_SPECS, use: { baseURL: baseUrl(s3.appPort) } }] : []),
  ],
  webServer: [
    {
      command: s3Enabled ? "node e2e/serve.mjs --with-s3" : "node e2e/serve.mjs",
      // With S3 the second instance starts last, once the first answers: its health means both are up.
      url: `${baseUrl(s3Enabled ? s3.appPort : port)}/api/v1/health`,
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
    },
    // The twin starts beside the S3 instance (e2e/serve.mjs); this entry only waits for it to answer too.
    ...(twinEnabled
      ? [{ command: 'node -e "setInterval(() => {}, 1 << 30)"', url: `${baseUrl(twin.appPort)}/api/v1/health`, timeout: 300_000, reuseExistingServer: true }]
      : []),
  ],
});
