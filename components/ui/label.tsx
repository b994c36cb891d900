import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";

export function Label({ className, ...props }: ComponentProps<"label">) {
  // biome-ignore lint/a11y/noLabelWithoutControl: the primitive; every caller passes htmlFor or wraps its control
  return <label className={cn("block text-sm font-medium text-zinc-800 dark:text-zinc-200", className)} {...props} />;
}

export function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  return (
    <p id={id} aria-live="polite" className="mt-1 min-h-0 text-sm text-red-600 dark:text-red-400">
      {errors?.length ? errors.join(" ") : null}
    </p>
  );
}

/** A labelled form field with its hint and its errors wired to aria-describedby. */
export function Field({
  label,
  name,
  hint,
  errors,
  children,
}: {
  label: string;
  name: string;
  hint?: ReactNode;
  errors?: string[];
  children: (props: { id: string; name: string; "aria-invalid": boolean; "aria-describedby": string }) => ReactNode;
}) {
  const id = `field-${name}`;
  return (
    <div className="space-y-1.5">
      <Label htmlFor={id}>{label}</Label>
      {children({ id, name, "aria-invalid": Boolean(errors?.length), "aria-describedby": `${id}-error ${id}-hint` })}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
          {hint}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} errors={errors} />
    </div>
  );
}
