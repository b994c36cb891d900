import { headers } from "next/headers";
import { z } from "zod";
import { api, readBody } from "@/lib/api/handler";
import { clientIp } from "@/lib/auth/ip";
import { userActor } from "@/lib/registry/actor";
import { createToken } from "@/lib/registry/tokens";
import { verifyCredentials } from "@/lib/registry/users";

const schema = z.object({
  username: z.string().min(1, "is required").max(254),
  password: z.string().min(1, "is required").max(256),
  name: z.string().trim().max(100).optional(),
});

/** A token for scripts, with the same credential check and rate limits as the sign-in form. */
export const POST = api(async ({ db, req }) => {
  const body = await readBody(req, schema);
  const user = await verifyCredentials(db, { login: body.username, password: body.password, ip: clientIp(await headers()) });
  const { token } = await createToken(db, userActor(user.id, user.username), { name: body.name || "API token" });
  return { token };
});
