import { deliveriesRoutes, projectScope } from "@/lib/api/webhook-routes";

export const { GET } = deliveriesRoutes<{ owner: string; project: string; id: string }>(projectScope);
