import { installation } from "@/lib/api/installation";

export function GET(req: Request) {
  return Response.json(installation(new URL(req.url).origin));
}
