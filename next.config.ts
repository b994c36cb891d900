import type { NextConfig } from "next";

const config: NextConfig = {
  // PGlite must not be bundled: it loads its WASM and data files by path at run time.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "bcryptjs"],
  // Lets parallel builds (e2e on another port, a second checkout) keep their own output.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  typedRoutes: false,
};

export default config;
