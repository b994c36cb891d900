import { installation } from "@/lib/api/installation";

export const dynamic = "force-dynamic";

export function GET(req: Request) {
  return Response.json(installation(new URL(req.url).origin));
}
