import { deliveriesRoutes, orgScope } from "@/lib/api/webhook-routes";

export const { GET } = deliveriesRoutes<{ org: string; id: string }>(orgScope);
