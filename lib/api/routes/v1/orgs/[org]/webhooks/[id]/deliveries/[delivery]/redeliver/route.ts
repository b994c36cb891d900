import { redeliverRoutes, orgScope } from "@/lib/api/webhook-routes";

export const { POST } = redeliverRoutes<{ org: string; id: string; delivery: string }>(orgScope);
