import { ButtonLink } from "@/components/ui/button";
import { currentActor } from "@/lib/auth/session";

export default async function NotFound() {
  // Signed in, "Sign in" would only sign the same person in again: offer it to signed-out visitors only.
  const signedIn = (await currentActor()).kind === "user";
  return (
    <section className="mx-auto max-w-md py-16 text-center">
      <p className="text-sm font-semibold text-accent-600 dark:text-accent-300">404</p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight">Nothing here</h1>
      <p className="mt-3 text-zinc-600 dark:text-zinc-400">
        {signedIn
          ? "This page does not exist, or it is private and your account may not see it. Ask an admin of its organization for access."
          : "This page does not exist, or it is private and you are not signed in as someone who may see it."}
      </p>
      <div className="mt-6 flex justify-center gap-3">
        <ButtonLink href="/">Go home</ButtonLink>
        {signedIn ? null : (
          <ButtonLink href="/login" variant="secondary">
            Sign in
          </ButtonLink>
        )}
      </div>
    </section>
  );
}
