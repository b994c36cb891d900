// A bounded load generator for loopback HTTP (autocannon is not installed): `concurrency` keep-alive loops
// issue GETs until `durationMs` (after an unmeasured warm-up) or `maxRequests`, whichever comes first.
import http from "node:http";

export type LoadResult = { requests: number; errors: number; seconds: number; rps: number; p50: number; p95: number; p99: number; mean: number };

export type LoadOptions = { concurrency: number; durationMs: number; warmupMs?: number; maxRequests?: number };

function get(agent: http.Agent, url: URL): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { accept: "application/json" } }, (res) => {
      res.on("data", () => {});
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

const quantile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);

export async function load(target: string, opts: LoadOptions): Promise<LoadResult> {
  const url = new URL(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const maxRequests = opts.maxRequests ?? 200_000;
  try {
    // Warm-up: JIT, connection pool, caches. Not measured.
    const warmEnd = performance.now() + (opts.warmupMs ?? 1000);
    await Promise.all(Array.from({ length: opts.concurrency }, async () => {
      while (performance.now() < warmEnd) await get(agent, url);
    }));
    const latencies: number[] = [];
    let errors = 0;
    let issued = 0;
    const start = performance.now();
    const end = start + opts.durationMs;
    await Promise.all(Array.from({ length: opts.concurrency }, async () => {
      while (performance.now() < end && issued < maxRequests) {
        issued++;
        const t0 = performance.now();
        const status = await get(agent, url).catch(() => 0);
        latencies.push(performance.now() - t0);
        if (status !== 200) errors++;
      }
    }));
    const seconds = (performance.now() - start) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      requests: latencies.length,
      errors,
      seconds,
      rps: latencies.length / seconds,
      p50: quantile(latencies, 0.5),
      p95: quantile(latencies, 0.95),
      p99: quantile(latencies, 0.99),
      mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
    };
  } finally {
    agent.destroy();
  }
}
