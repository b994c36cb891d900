import NextAuth from "next-auth";
import { errorResponse } from "@/lib/api/errors";
import { maxJsonBody } from "@/lib/api/handler";
import { TooLargeError } from "@/lib/registry/errors";
import { authOptions } from "@/lib/auth/options";

type Ctx = { params: Promise<{ nextauth: string[] }> };

async function handler(req: Request, ctx: Ctx) {
  // next-auth reads its form bodies whole: one declared over the JSON cap is refused unread.
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > maxJsonBody()) return errorResponse(new TooLargeError("The request body is too large (MODELREG_MAX_JSON_BODY)."));
  return NextAuth(req as never, { params: await ctx.params } as never, authOptions());
}

export { handler as GET, handler as POST };
