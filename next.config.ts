import type { NextConfig } from "next";

const config: NextConfig = {
  // PGlite must not be bundled: it loads its WASM and data files by path at run time.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "bcryptjs"],
  // Lets parallel builds (e2e on another port, a second checkout) keep their own output.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  typedRoutes: false,
  // `npm test` type-checks the whole project with tsc; the build need not do it twice.
  typescript: { ignoreBuildErrors: true },
};

export default config;
