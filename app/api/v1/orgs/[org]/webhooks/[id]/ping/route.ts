import { pingRoutes, orgScope } from "@/lib/api/webhook-routes";

export const dynamic = "force-dynamic";
export const { POST } = pingRoutes<{ org: string; id: string }>(orgScope);
