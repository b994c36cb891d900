// A version's stage as a coloured pill: testing grey, staging amber, production green, disabled red-grey.
import { cn } from "@/components/ui/cn";

const TONES: Record<string, string> = {
  testing: "bg-zinc-100 text-zinc-700 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-600",
  staging: "bg-amber-50 text-amber-800 ring-amber-300 dark:bg-amber-950 dark:text-amber-300 dark:ring-amber-800",
  production: "bg-emerald-50 text-emerald-700 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-300 dark:ring-emerald-800",
  disabled: "bg-stone-100 text-rose-900/70 ring-rose-200 line-through decoration-rose-900/30 dark:bg-stone-900 dark:text-rose-200/70 dark:ring-rose-900/60",
};

/** The same colours as SVG fills, for chart points (components/version/metric-chart.tsx). */
export const STAGE_FILL: Record<string, string> = {
  testing: "fill-zinc-400 dark:fill-zinc-500",
  staging: "fill-amber-500 dark:fill-amber-400",
  production: "fill-emerald-600 dark:fill-emerald-400",
  disabled: "fill-rose-300 dark:fill-rose-300/50",
};

export function StageBadge({ stage, className }: { stage: string; className?: string }) {
  return (
    <span
      data-stage={stage}
      className={cn(
        "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset",
        TONES[stage] ?? TONES.testing,
        className,
      )}
    >
      <span aria-hidden className="h-1.5 w-1.5 rounded-full bg-current opacity-70" />
      {stage}
    </span>
  );
}
