// Prometheus metrics of this process (prom-client): requests and their latency per route of the route table (its
// pattern, never the raw path, so the label set stays bounded), pages by method, the process's own figures, and the
// webhook delivery queue. Served as text by GET /api/v1/metrics when MODELREG_METRICS_TOKEN (a bearer token the
// scraper sends) or MODELREG_METRICS=public says so; otherwise that route is a 404.
import crypto from "node:crypto";
import client from "prom-client";
import { getDb } from "@/db";
import { pendingDeliveryCount } from "@/lib/webhooks/worker";

type Metrics = {
  registry: client.Registry;
  requests: client.Counter<"route" | "method" | "status">;
  duration: client.Histogram<"route" | "method">;
  inFlight: client.Gauge;
};

function create(): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "modelreg_" });
  const requests = new client.Counter({
    name: "modelreg_http_requests_total",
    help: "HTTP requests answered, by route pattern (or 'page' for Next), method and status.",
    labelNames: ["route", "method", "status"] as const,
    registers: [registry],
  });
  const duration = new client.Histogram({
    name: "modelreg_http_request_duration_seconds",
    help: "Time from the request's arrival to the end of its answer, by route pattern and method.",
    labelNames: ["route", "method"] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const inFlight = new client.Gauge({ name: "modelreg_http_requests_in_flight", help: "Requests being answered now.", registers: [registry] });
  new client.Gauge({
    name: "modelreg_webhook_deliveries_pending",
    help: "Webhook deliveries waiting to be sent or retried (every instance shares this queue).",
    registers: [registry],
    async collect() {
      this.set(await pendingDeliveryCount(await getDb()));
    },
  });
  new client.Gauge({
    name: "modelreg_database_up",
    help: "1 when the database answered a trivial query at scrape time, else 0.",
    registers: [registry],
    async collect() {
      this.set((await databaseAnswers()) ? 1 : 0);
    },
  });
  return { registry, requests, duration, inFlight };
}

const slot = globalThis as unknown as { __modelregMetrics?: Metrics };
export const metrics = (): Metrics => (slot.__modelregMetrics ??= create());

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** Starts timing one request; call the result when its answer has been written. */
export function startRequest(method: string): (route: string, status: number) => void {
  const m = metrics();
  const t0 = process.hrtime.bigint();
  m.inFlight.inc();
  const verb = METHODS.has(method) ? method : "OTHER"; // a client's made-up method must not grow the label set
  return (route, status) => {
    m.inFlight.dec();
    m.requests.inc({ route, method: verb, status: String(status) });
    m.duration.observe({ route, method: verb }, Number(process.hrtime.bigint() - t0) / 1e9);
  };
}

async function databaseAnswers(): Promise<boolean> {
  try {
    const { sql } = await import("drizzle-orm");
    await (await getDb()).execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

/** Who may scrape: null when metrics are off (the route is a 404), else whether this request may. */
export function scrapeAllowed(req: Request, env: Record<string, string | undefined> = process.env): boolean | null {
  const token = env.MODELREG_METRICS_TOKEN;
  if (token) {
    const sent = /^Bearer (.+)$/i.exec(req.headers.get("authorization") ?? "")?.[1] ?? "";
    const a = crypto.createHash("sha256").update(sent).digest();
    const b = crypto.createHash("sha256").update(token).digest();
    return crypto.timingSafeEqual(a, b);
  }
  return env.MODELREG_METRICS === "public" ? true : null;
}
