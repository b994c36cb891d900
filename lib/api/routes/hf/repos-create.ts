// POST /api/repos/create {name, organization?, visibility?|private?, type?}: creates a model where the caller may
// (createProject's rule). An existing name is the 409 that huggingface_hub's exist_ok=True accepts.
import { z } from "zod";
import { readBodyText } from "@/lib/api/handler";
import { createProject } from "@/lib/registry/projects";
import { getUserProfile } from "@/lib/registry/users";
import { HfError, hf } from "./respond";

const body = z.object({
  name: z.string().min(1).max(200),
  organization: z.string().min(1).max(200).nullish(),
  visibility: z.enum(["public", "private", "protected"]).nullish(),
  private: z.boolean().nullish(),
  type: z.string().nullish(),
});

export const POST = hf(async ({ req, db, actor }) => {
  if (actor.kind !== "user") throw new HfError(401, "Sign in to create a model: send a Modelreg token (hf_<token> for Hugging Face clients).");
  const parsed = body.safeParse(parseJson(await readBodyText(req)));
  if (!parsed.success) throw new HfError(400, `Invalid body: ${parsed.error.issues[0].path.join(".") || "body"} ${parsed.error.issues[0].message}`);
  const b = parsed.data;
  if (b.type && b.type !== "model") throw new HfError(400, `Modelreg hosts models only: a ${b.type} repository cannot be created here.`);
  const owner = b.organization ?? (await getUserProfile(db, actor)).organization;
  // Unset visibility: private, the safe default for a registry (the Hub would follow the organization's default).
  const isPublic = b.visibility ? b.visibility === "public" : b.private === false;
  const access = await createProject(db, actor, owner, { name: b.name, is_public: isPublic });
  const id = `${access.org.name}/${access.project.name}`;
  return Response.json({ url: `${new URL(req.url).origin}/${id}`, name: id, id: access.project.uuid });
});

export function parseJson(text: string): unknown {
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HfError(400, "The body must be valid JSON.");
  }
}
