"use client";
// What an error boundary shows: a plain message, "Try again" (refetch and re-render) and a way back. Never
// the error's text or stack — they may hold internals; the digest, when Next gives one, is the id to
// quote in a report and to find the full error in the server's log.
import { Button, ButtonLink } from "./button";
import { cn } from "./cn";

export function ErrorPanel({
  title = "Something went wrong",
  message,
  digest,
  retry,
  back,
  heading: Heading = "h2",
  className,
}: {
  title?: string;
  message: string;
  digest?: string;
  /** Fetches the segment from the server again and re-renders it (Next's `retry`; `reset` only re-renders). */
  retry: () => void;
  /** Where "back" leads, e.g. the model's overview. */
  back?: { href: string; label: string };
  /** h1 where the panel is the whole page, h2 under a layout's own h1. */
  heading?: "h1" | "h2";
  className?: string;
}) {
  return (
    <section role="alert" aria-labelledby="error-panel-title" className={cn("mx-auto max-w-md py-12 text-center", className)}>
      <Heading id="error-panel-title" className="text-xl font-semibold tracking-tight">
        {title}
      </Heading>
      <p className="mt-3 text-zinc-600 dark:text-zinc-400">{message}</p>
      {digest ? (
        <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">
          Reference: <code className="font-mono select-all">{digest}</code>
        </p>
      ) : null}
      <div className="mt-6 flex flex-wrap justify-center gap-3">
        <Button onClick={retry}>Try again</Button>
        {back ? (
          <ButtonLink href={back.href} variant="secondary">
            {back.label}
          </ButtonLink>
        ) : null}
      </div>
    </section>
  );
}
