#!/usr/bin/env node
// The `modelreg` command. In a checkout (sources and tsx present) it runs the TypeScript sources through tsx,
// so an edit takes effect at once; an installed package (`npm pack`, which runs `prepack`) carries the
// bundle cli/dist/modelreg.mjs instead: one file with commander inside, run by plain Node.
import fs from "node:fs";
import { fileURLToPath } from "node:url";

const sources = fileURLToPath(new URL("./main.ts", import.meta.url));
let tsImport;
if (fs.existsSync(sources)) {
  try {
    ({ tsImport } = await import("tsx/esm/api"));
  } catch {
    // tsx is a dev dependency: without it, fall back to the bundle.
  }
}
if (tsImport) {
  const { run } = await tsImport("./main.ts", {
    parentURL: import.meta.url,
    tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)),
  });
  process.exitCode = await run(process.argv);
} else {
  await import("./dist/modelreg.mjs");
}
