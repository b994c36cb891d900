import { oneRoutes, orgScope } from "@/lib/api/webhook-routes";

export const { GET, PATCH, DELETE } = oneRoutes<{ org: string; id: string }>(orgScope);
