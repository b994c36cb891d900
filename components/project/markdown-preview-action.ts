"use server";
// Renders a draft model card for the editor's Preview tab with the same sanitising renderer readers
// get. Only signed-in people write model cards, so only they may use the renderer.
import { currentActor } from "@/lib/auth/session";
import { renderMarkdown } from "@/lib/markdown";

const MAX = 200_000;

export async function previewMarkdownAction(source: string): Promise<string> {
  if ((await currentActor()).kind !== "user") return "";
  return renderMarkdown(String(source ?? "").slice(0, MAX));
}
