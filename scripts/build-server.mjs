// Bundles server/main.ts (the node:http server with the API route table in front of Next) into
// <distDir>/modelreg-server.mjs: our TypeScript compiled and bundled, every npm package left to node_modules.
// `npm run build` runs it after `next build`; it takes well under a second.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function serverBundlePath(distDir = process.env.NEXT_DIST_DIR || ".next") {
  return path.join(root, distDir, "modelreg-server.mjs");
}

export async function buildServer(distDir) {
  const outfile = serverBundlePath(distDir);
  await build({
    entryPoints: [path.join(root, "server/main.ts")],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    packages: "external",
    // `server-only` guards against client bundles; this bundle is server code by definition.
    alias: { "server-only": path.join(root, "db/testing/server-only-stub.ts") },
    tsconfig: path.join(root, "tsconfig.json"),
    // import.meta.dirname of the bundle is <distDir>; main.ts resolves the project root from it.
    define: {},
    sourcemap: "linked",
    logLevel: "warning",
    legalComments: "none",
  });
  return outfile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildServer();
  console.log(`Built ${path.relative(root, out)}`);
}
