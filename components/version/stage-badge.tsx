import { Badge, type BadgeTone } from "@/components/ui/badge";

const TONES: Record<string, BadgeTone> = { testing: "neutral", staging: "amber", production: "green", disabled: "slate" };

export function StageBadge({ stage }: { stage: string }) {
  return (
    <Badge tone={TONES[stage] ?? "neutral"} data-stage={stage}>
      <span aria-hidden className="h-1.5 w-1.5 rounded-full bg-current opacity-70" />
      {stage}
    </Badge>
  );
}
