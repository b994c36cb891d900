import { collectionRoutes, projectScope } from "@/lib/api/webhook-routes";

export const dynamic = "force-dynamic";
export const { GET, POST } = collectionRoutes<{ owner: string; project: string }>(projectScope);
