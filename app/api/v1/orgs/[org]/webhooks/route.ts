import { collectionRoutes, orgScope } from "@/lib/api/webhook-routes";

export const dynamic = "force-dynamic";
export const { GET, POST } = collectionRoutes<{ org: string }>(orgScope);
