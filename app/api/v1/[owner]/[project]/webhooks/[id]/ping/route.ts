import { pingRoutes, projectScope } from "@/lib/api/webhook-routes";

export const dynamic = "force-dynamic";
export const { POST } = pingRoutes<{ owner: string; project: string; id: string }>(projectScope);
