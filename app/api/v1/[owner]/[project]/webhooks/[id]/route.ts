import { oneRoutes, projectScope } from "@/lib/api/webhook-routes";

export const dynamic = "force-dynamic";
export const { GET, PATCH, DELETE } = oneRoutes<{ owner: string; project: string; id: string }>(projectScope);
