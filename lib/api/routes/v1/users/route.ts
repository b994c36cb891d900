import { api } from "@/lib/api/handler";
import { userWire } from "@/lib/api/openapi/core";
import { getUserProfile } from "@/lib/registry/users";

/** The current user, in the shape Polyaxon's clients read (POLYAXON-WIRE.md). */
export const GET = api(async ({ db, actor }) => userWire(await getUserProfile(db, actor)));
