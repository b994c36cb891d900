import { collectionRoutes, orgScope } from "@/lib/api/webhook-routes";

export const { GET, POST } = collectionRoutes<{ org: string }>(orgScope);
