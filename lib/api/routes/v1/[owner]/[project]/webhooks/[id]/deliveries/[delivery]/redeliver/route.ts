import { redeliverRoutes, projectScope } from "@/lib/api/webhook-routes";

export const { POST } = redeliverRoutes<{ owner: string; project: string; id: string; delivery: string }>(projectScope);
