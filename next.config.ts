import type { NextConfig } from "next";
import { SECURITY_HEADERS } from "./lib/security-headers";

const config: NextConfig = {
  // PGlite must not be bundled: it loads its WASM and data files by path at run time.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "bcryptjs"],
  // Lets parallel builds (e2e on another port, a second checkout) keep their own output.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  typedRoutes: false,
  // `npm test` type-checks the whole project with tsc; the build need not do it twice.
  typescript: { ignoreBuildErrors: true },
  // nosniff, Referrer-Policy and no framing on every answer (pages, API JSON, file downloads); the CSP is per page (proxy.ts).
  async headers() {
    return [{ source: "/:path*", headers: Object.entries(SECURITY_HEADERS).map(([key, value]) => ({ key, value })) }];
  },
  experimental: {
    // The proxy sees page requests only (server actions are capped at 1 MB by Next); it need not buffer 10 MB of each.
    proxyClientMaxBodySize: "2mb",
  },
};

export default config;
