import { ButtonLink } from "@/components/ui/button";

export default function NotFound() {
  return (
    <section className="mx-auto max-w-md py-16 text-center">
      <p className="text-sm font-semibold text-accent-600">404</p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight">Nothing here</h1>
      <p className="mt-3 text-zinc-600 dark:text-zinc-400">
        This page does not exist, or it is private and you are not signed in as someone who may see it.
      </p>
      <div className="mt-6 flex justify-center gap-3">
        <ButtonLink href="/">Go home</ButtonLink>
        <ButtonLink href="/login" variant="secondary">Sign in</ButtonLink>
      </div>
    </section>
  );
}
