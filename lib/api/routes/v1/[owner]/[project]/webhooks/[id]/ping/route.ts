import { pingRoutes, projectScope } from "@/lib/api/webhook-routes";

export const { POST } = pingRoutes<{ owner: string; project: string; id: string }>(projectScope);
