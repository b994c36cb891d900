// GET /api/whoami-v2: the signed-in user and their organizations, in the Hub's shape.
import { listMyOrganizations } from "@/lib/registry/orgs";
import { getUserProfile } from "@/lib/registry/users";
import { HfError, hf } from "./respond";

export const GET = hf(async ({ db, actor }) => {
  if (actor.kind !== "user")
    throw new HfError(401, "Invalid credentials in Authorization header: send a Modelreg token (hf_<token> for Hugging Face clients).");
  const [me, orgs] = await Promise.all([getUserProfile(db, actor), listMyOrganizations(db, actor)]);
  return Response.json({
    type: "user",
    id: String(actor.userId),
    name: me.username,
    fullname: me.name || me.username,
    email: me.email,
    emailVerified: true,
    isPro: false,
    canPay: false,
    avatarUrl: "",
    periodEnd: null,
    billingMode: "postpaid",
    orgs: orgs
      .filter((o) => !o.personal)
      .map((o) => ({
        type: "org",
        id: String(o.id),
        name: o.name,
        fullname: o.displayName || o.name,
        email: null,
        canPay: false,
        avatarUrl: "",
        periodEnd: null,
        roleInOrg: o.role,
      })),
    auth: { type: "access_token", accessToken: { displayName: "Modelreg access token", role: "write" } },
  });
});
