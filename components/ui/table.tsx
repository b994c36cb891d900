import type { ComponentProps } from "react";
import { cn } from "./cn";

export function Table({ className, ...props }: ComponentProps<"table">) {
  return (
    // relative: an absolutely positioned cell content (a header's sr-only label) is clipped with the
    // table when it scrolls sideways, instead of widening the whole page on a phone.
    <div className="relative overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className={cn("w-full border-collapse text-sm", className)} {...props} />
    </div>
  );
}

export function THead({ className, ...props }: ComponentProps<"thead">) {
  return <thead className={cn("bg-zinc-50 text-left dark:bg-zinc-900/60", className)} {...props} />;
}

export function TBody(props: ComponentProps<"tbody">) {
  return <tbody {...props} />;
}

export function TR({ className, ...props }: ComponentProps<"tr">) {
  return (
    <tr className={cn("border-t border-zinc-200 first:border-t-0 hover:bg-zinc-50/70 dark:border-zinc-800 dark:hover:bg-zinc-800/40", className)} {...props} />
  );
}

export function TH({ className, ...props }: ComponentProps<"th">) {
  return <th scope="col" className={cn("px-4 py-2.5 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400", className)} {...props} />;
}

export function TD({ className, ...props }: ComponentProps<"td">) {
  return <td className={cn("px-4 py-2.5 align-middle", className)} {...props} />;
}
