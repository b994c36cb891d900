// Prometheus text for scrapers (lib/api/metrics.ts): with MODELREG_METRICS_TOKEN the scraper sends it as a bearer
// token; with MODELREG_METRICS=public anyone may read it; otherwise this route does not exist (404).
import { errorResponse } from "@/lib/api/errors";
import { metrics, scrapeAllowed } from "@/lib/api/metrics";
import { NotFoundError, UnauthorizedError } from "@/lib/registry/errors";

export async function GET(req: Request) {
  const allowed = scrapeAllowed(req);
  if (allowed === null) return errorResponse(new NotFoundError("No such API route."));
  if (!allowed) return errorResponse(new UnauthorizedError("Send the metrics token (MODELREG_METRICS_TOKEN) as a bearer token."));
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType, "cache-control": "no-store" } });
}
