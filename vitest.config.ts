import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // `server-only` throws outside React's server condition; tests are server code.
      "server-only": path.resolve(import.meta.dirname, "db/testing/server-only-stub.ts"),
    },
  },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "e2e/**", ".next*/**", "data/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: process.env.CI_RESULTS ? ["default", ["json", { outputFile: `${process.env.CI_RESULTS}/vitest.json` }]] : ["default"],
    env: { MODELREG_BCRYPT_COST: "4", NEXT_TELEMETRY_DISABLED: "1" },
  },
});
