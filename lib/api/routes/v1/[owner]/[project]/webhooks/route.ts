import { collectionRoutes, projectScope } from "@/lib/api/webhook-routes";

export const { GET, POST } = collectionRoutes<{ owner: string; project: string }>(projectScope);
