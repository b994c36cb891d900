"use server";
// The inbox's approve / reject / withdraw buttons: thin callers of the registry, which decides every permission again.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { registryDb } from "@/lib/registry/request";
import { currentActor } from "@/lib/auth/session";
import { decideAliasRequest } from "@/lib/registry/aliases";
import { approveStageRequest, rejectStageRequest, withdrawStageRequest } from "@/lib/registry/approvals";
import { RegistryError } from "@/lib/registry/errors";

export type InboxRef = { kind: "stage" | "alias"; owner: string; project: string; version: string | null; alias: string | null; requestId: string };
type Decision = "approve" | "reject" | "withdraw";
const STAGE = { approve: approveStageRequest, reject: rejectStageRequest, withdraw: withdrawStageRequest } as const;
const DONE = { approve: "Approved", reject: "Rejected", withdraw: "Withdrawn" } as const;

export async function decideInboxAction(ref: InboxRef, decision: Decision): Promise<void> {
  const db = await registryDb();
  const actor = await currentActor();
  const what = ref.kind === "alias" ? `@${ref.alias} → ${ref.version}` : `${ref.version}`;
  let message: string;
  try {
    const input = { request_id: ref.requestId || undefined };
    if (ref.kind === "alias") await decideAliasRequest(db, actor, ref.owner, ref.project, ref.alias ?? "", decision, input);
    else await STAGE[decision](db, actor, ref.owner, ref.project, "model", ref.version ?? "", input);
    message = `${DONE[decision]}: ${ref.owner}/${ref.project} ${what}.`;
  } catch (err) {
    if (!(err instanceof RegistryError)) throw err;
    redirect(`/inbox?error=${encodeURIComponent(err.message)}`);
  }
  revalidatePath("/", "layout");
  redirect(`/inbox?done=${encodeURIComponent(message)}`);
}
