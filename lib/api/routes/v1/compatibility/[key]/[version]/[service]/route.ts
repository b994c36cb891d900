import { compatibility } from "@/lib/api/installation";

export async function GET(_req: Request, ctx: { params: Promise<{ key: string; version: string; service: string }> }) {
  const { service } = await ctx.params;
  return Response.json(compatibility(service));
}
