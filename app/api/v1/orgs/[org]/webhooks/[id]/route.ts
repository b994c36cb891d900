import { oneRoutes, orgScope } from "@/lib/api/webhook-routes";

export const dynamic = "force-dynamic";
export const { GET, PATCH, DELETE } = oneRoutes<{ org: string; id: string }>(orgScope);
