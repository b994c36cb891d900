// Bundles the `modelreg` CLI (cli/main.ts and everything it imports, commander included) into one
// dependency-free file, cli/dist/modelreg.mjs, so an installed package runs it with plain Node — no tsx, no
// node_modules. `npm pack` builds it (prepack); a checkout runs the sources through tsx (cli/bin.mjs).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export const cliBundlePath = path.join(root, "cli/dist/modelreg.mjs");

export async function buildCli(outfile = cliBundlePath) {
  const result = await build({
    stdin: {
      contents: 'import { run } from "./main.ts";\nprocess.exitCode = await run(process.argv);\n',
      resolveDir: path.join(root, "cli"),
      sourcefile: "modelreg-entry.ts",
      loader: "ts",
    },
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    // The CLI speaks HTTP only; a server module in the bundle would be a layering mistake.
    plugins: [
      {
        name: "cli-boundary",
        setup(b) {
          const cli = path.join(root, "cli") + path.sep;
          b.onLoad({ filter: /.*/ }, (args) => {
            if (args.path.startsWith(cli) || args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
            return { errors: [{ text: `the CLI imports a module outside cli/: ${path.relative(root, args.path)}` }] };
          });
        },
      },
    ],
    tsconfig: path.join(root, "tsconfig.json"),
    metafile: true,
    logLevel: "warning",
    legalComments: "none",
    // commander is CommonJS: its require("node:events") needs a real require inside an ES module.
    banner: { js: '#!/usr/bin/env node\nimport { createRequire as __cliRequire } from "node:module";\nconst require = __cliRequire(import.meta.url);' },
  });
  return { outfile, inputs: Object.keys(result.metafile.inputs) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { outfile } = await buildCli(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  console.log(`Built ${path.relative(process.cwd(), outfile)}`);
}
