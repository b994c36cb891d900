// A bounded load generator for loopback HTTP (autocannon is not installed): `concurrency` keep-alive loops
// issue GETs until `durationMs` (after an unmeasured warm-up) or `maxRequests`, whichever comes first.
import http from "node:http";

export type LoadResult = {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  latencies: number[];
};

export type LoadOptions = { concurrency: number; durationMs: number; warmupMs?: number; maxRequests?: number; headers?: Record<string, string> };

function get(agent: http.Agent, url: URL, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { accept: "application/json", ...headers } }, (res) => {
      res.on("data", () => {});
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

const quantile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);

function summarize(latencies: number[], errors: number, seconds: number): LoadResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    requests: sorted.length,
    errors,
    seconds,
    rps: sorted.length / seconds,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
    latencies: sorted,
  };
}

/** Several runs of the same target as one (interleaved runs even out a machine whose load drifts). */
export function merge(runs: LoadResult[]): LoadResult {
  return summarize(
    runs.flatMap((r) => r.latencies),
    runs.reduce((a, r) => a + r.errors, 0),
    runs.reduce((a, r) => a + r.seconds, 0),
  );
}

export async function load(target: string, opts: LoadOptions): Promise<LoadResult> {
  const url = new URL(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const maxRequests = opts.maxRequests ?? 200_000;
  try {
    // Warm-up: JIT, connection pool, caches. Not measured.
    const warmEnd = performance.now() + (opts.warmupMs ?? 1000);
    await Promise.all(
      Array.from({ length: opts.concurrency }, async () => {
        while (performance.now() < warmEnd) await get(agent, url, opts.headers);
      }),
    );
    const latencies: number[] = [];
    let errors = 0;
    let issued = 0;
    const start = performance.now();
    const end = start + opts.durationMs;
    await Promise.all(
      Array.from({ length: opts.concurrency }, async () => {
        while (performance.now() < end && issued < maxRequests) {
          issued++;
          const t0 = performance.now();
          const status = await get(agent, url, opts.headers).catch(() => 0);
          latencies.push(performance.now() - t0);
          if (status !== 200) errors++;
        }
      }),
    );
    return summarize(latencies, errors, (performance.now() - start) / 1000);
  } finally {
    agent.destroy();
  }
}
