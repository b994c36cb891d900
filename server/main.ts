// The production (and dev) server: one node:http server in one process. Requests whose path is in the route
// table (lib/api/routes: /api/v1 and the protocol surfaces) are answered by lib/api/node-server.ts straight from
// lib/registry; everything else (pages, server actions, next-auth, assets) goes to Next's request handler.
// Next's pipeline costs more per request than our whole domain layer (bench/RESULTS.md), which is why the API
// does not go through it. Built to <distDir>/modelreg-server.mjs by scripts/build-server.mjs.
//
//   node .next/modelreg-server.mjs [-p PORT] [-H HOST] [--dev]
import http from "node:http";
import path from "node:path";
import next from "next";
import { routeListener } from "@/lib/api/node-server";
import { router } from "@/lib/api/routes";
import { installPeerAddressHook } from "@/lib/auth/peer-address";
import { boot } from "@/lib/boot";
import { settleDownloadCounts } from "@/lib/registry/downloads";
import { installContentLengthPassThrough } from "@/lib/storage/content-length";

function arg(names: string[]): string | undefined {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    for (const n of names) {
      if (argv[i] === n) return argv[i + 1];
      if (argv[i].startsWith(`${n}=`)) return argv[i].slice(n.length + 1);
    }
  }
  return undefined;
}

async function main() {
  const dev = process.argv.includes("--dev");
  const port = Number(arg(["-p", "--port"]) ?? process.env.PORT ?? 3000);
  const hostname = arg(["-H", "--hostname"]) ?? process.env.HOSTNAME ?? "0.0.0.0";
  process.env.PORT = String(port);
  // NODE_ENV must be settled before Next loads React.
  (process.env as Record<string, string>).NODE_ENV ??= dev ? "development" : "production";
  installPeerAddressHook();
  installContentLengthPassThrough();

  const app = next({ dev, dir: path.resolve(import.meta.dirname, ".."), hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  // Migrations, the demo seed and the webhook worker, before the first request (Next's instrumentation hook
  // would run it only when Next sees its first request; it calls the same once-per-process boot).
  await boot();
  const server = http.createServer(routeListener(router, (req, res) => handle(req, res)));
  server.keepAliveTimeout = 65_000; // longer than the usual load balancer's idle timeout
  if (dev) {
    const upgrade = app.getUpgradeHandler();
    server.on("upgrade", (req, socket, head) => void upgrade(req, socket, head));
  }
  server.listen(port, hostname, () => console.log(`Listening on http://${hostname}:${port}${dev ? " (dev)" : ""}`));
  // Download counts are written after their responses: let the last ones land before the process ends.
  const stop = () => server.close(() => void settleDownloadCounts().finally(() => process.exit(0)));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
