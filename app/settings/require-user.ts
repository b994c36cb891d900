// The account pages are for signed-in users: anyone else goes to the sign-in page and comes back.
// Called from their layouts, outside the loading boundary, so the redirect is a real 307 rather than
// one performed in the browser after the skeleton has been streamed.
import "server-only";
import { redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/session";

export async function requireUser(path: string): Promise<void> {
  if ((await currentActor()).kind !== "user") redirect(`/login?callbackUrl=${encodeURIComponent(path)}`);
}
