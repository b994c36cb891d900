// A block of code or text that may scroll: reachable by keyboard (Tab, then the arrow keys scroll it), as WCAG
// 2.1.1 asks of every scrollable region (axe: scrollable-region-focusable). One place for the exception to the
// lint rule against tabIndex on non-interactive elements.
import type { ReactNode } from "react";

export function CodeBlock({ className, label, children }: { className?: string; label?: string; children: ReactNode }) {
  const region = label ? { role: "region", "aria-label": label } : {};
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable to be scrolled without a mouse
    <pre tabIndex={0} className={className} {...region}>
      {children}
    </pre>
  );
}
