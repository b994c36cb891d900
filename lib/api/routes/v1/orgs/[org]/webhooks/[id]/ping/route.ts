import { pingRoutes, orgScope } from "@/lib/api/webhook-routes";

export const { POST } = pingRoutes<{ org: string; id: string }>(orgScope);
