#!/usr/bin/env node
// The `modelreg` command. The CLI is written in TypeScript like the rest of Modelreg (one language,
// one set of types, no build step to forget); tsx — installed by `npm ci` — compiles it as it loads.
// tsImport scopes that to the CLI's own files and reads the repository's tsconfig wherever we run from.
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";

const { run } = await tsImport("./main.ts", {
  parentURL: import.meta.url,
  tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)),
});
process.exitCode = await run(process.argv);
