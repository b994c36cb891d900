// One block of a settings page: a title, what it does, and its form.
import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

export function SettingsSection({
  title,
  description,
  children,
  tone = "default",
  id,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
  tone?: "default" | "danger";
  id?: string;
}) {
  return (
    <section
      aria-labelledby={id ? `${id}-title` : undefined}
      className={cn(
        "rounded-lg border bg-white p-5 shadow-sm dark:bg-zinc-900",
        tone === "danger" ? "border-red-300 dark:border-red-900" : "border-zinc-200 dark:border-zinc-800",
      )}
    >
      <h3 id={id ? `${id}-title` : undefined} className={cn("text-base font-semibold", tone === "danger" && "text-red-700 dark:text-red-400")}>
        {title}
      </h3>
      {description ? <div className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{description}</div> : null}
      <div className="mt-4">{children}</div>
    </section>
  );
}

export function SettingsTitle({ title, description }: { title: string; description?: ReactNode }) {
  return (
    <div className="mb-5 border-b border-zinc-200 pb-3 dark:border-zinc-800">
      <h2 className="text-xl font-semibold tracking-tight">{title}</h2>
      {description ? <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{description}</p> : null}
    </div>
  );
}
