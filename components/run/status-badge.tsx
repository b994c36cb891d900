// A run's status as a coloured badge: running blue, succeeded green, failed red, stopped slate, created grey.
import { Badge, type BadgeTone } from "@/components/ui/badge";

const TONES: Record<string, BadgeTone> = { created: "neutral", running: "blue", succeeded: "green", failed: "red", stopped: "slate" };

export function RunStatusBadge({ status }: { status: string }) {
  return (
    <Badge tone={TONES[status] ?? "neutral"} data-status={status}>
      <span aria-hidden className={`h-1.5 w-1.5 rounded-full bg-current opacity-70${status === "running" ? " animate-pulse" : ""}`} />
      {status}
    </Badge>
  );
}
