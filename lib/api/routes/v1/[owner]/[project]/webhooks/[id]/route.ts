import { oneRoutes, projectScope } from "@/lib/api/webhook-routes";

export const { GET, PATCH, DELETE } = oneRoutes<{ owner: string; project: string; id: string }>(projectScope);
