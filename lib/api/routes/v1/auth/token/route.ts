import { api, readBody } from "@/lib/api/handler";
import { TokenRequestBody } from "@/lib/api/openapi/core";
import { clientIp } from "@/lib/auth/ip";
import { UnauthorizedError } from "@/lib/registry/errors";
import { issueTokenForCredentials, revokePresentedToken } from "@/lib/registry/tokens";

/** `{username, password, name?}` → `{token}`: rate limited like the sign-in form, per client address. */
export const POST = api(
  async ({ db, req }) => {
    const body = await readBody(req, TokenRequestBody);
    const { token } = await issueTokenForCredentials(
      db,
      { username: body.username, password: body.password, name: body.name, expiresInDays: body.expires_in_days },
      clientIp(req.headers),
    );
    // Exactly `{token}`: Polyaxon's client reads this body into a model of its own (POLYAXON-WIRE.md).
    return { token };
  },
  { status: 201 },
);

/** Revokes the token the request carries (`modelreg logout`). */
export const DELETE = api(async ({ db, req }) => {
  const m = /^(?:bearer|token)\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "");
  if (!m) throw new UnauthorizedError("Send the token to revoke as `Authorization: Bearer <token>`.");
  await revokePresentedToken(db, m[1]);
});
