// One metric chart as server-rendered SVG. d3-scale computes the scales and ticks on the server and nothing
// ships to the browser (it is ~30 kB of server code, against ~100 kB+ of client JS for recharts or a canvas
// library), and every point is a plain <a href> to its version: focusable with Tab, opened with Enter, named
// by its aria-label, with a <title> and a CSS tooltip on hover and focus. Colours come from Tailwind classes
// and currentColor, so dark mode follows the system like the rest of the app.
import { scaleLinear, scaleUtc } from "d3-scale";
import type { Axis, ChartData, ChartPoint } from "@/lib/charts/version-chart";
import { paddedDomain } from "@/lib/charts/version-chart";
import { formatValue } from "./metrics";
import { STAGE_FILL } from "./stage-badge";

const W = 560;
const H = 260;
const M = { top: 14, right: 18, bottom: 44, left: 58 };

const dateLabel = (d: Date) => d.toISOString().slice(0, 10);

/** "accuracy", or "latency_ms (lower is better)": that axis runs from high to low, so better is always up (or right). */
export function axisTitle(a: Axis): string {
  return a.lowerIsBetter ? `${a.metric} (lower is better)` : a.metric;
}

function pointLabel(p: ChartPoint, timeline: boolean): string {
  const values = Object.entries(p.values).map(([k, v]) => `${k} ${formatValue(v)}`);
  const aliases = p.aliases.map((a) => `@${a}`).join(" ");
  return [`${p.name} (${p.stage}${aliases ? `, ${aliases}` : ""})`, ...values, ...(timeline ? [`created ${dateLabel(p.createdAt)}`] : [])].join(", ");
}

type Props = { data: ChartData; base: string; label: string };

export function MetricChart({ data, base, label }: Props) {
  const timeline = data.x === null;
  const xs = data.points.map((p) => p.x);
  const [x0, x1] = timeline ? paddedDomain(xs, 0.04) : paddedDomain(xs);
  const [y0, y1] = paddedDomain(data.points.map((p) => p.y));
  // Better is up: a lower-is-better metric puts its low values at the top; on x, better is to the right.
  const y = scaleLinear()
    .domain([y0, y1])
    .range(data.y.lowerIsBetter ? [M.top, H - M.bottom] : [H - M.bottom, M.top])
    .nice();
  const xLinear = scaleLinear()
    .domain([x0, x1])
    .range(data.x?.lowerIsBetter ? [W - M.right, M.left] : [M.left, W - M.right])
    .nice();
  const xTime = scaleUtc()
    .domain([new Date(x0), new Date(x1)])
    .range([M.left, W - M.right]);
  const px = (v: number) => (timeline ? xTime(new Date(v)) : xLinear(v));
  const xTicks = timeline
    ? xTime.ticks(5).map((t) => ({ at: xTime(t), text: xTime.tickFormat(5)(t) }))
    : xLinear.ticks(5).map((t) => ({ at: xLinear(t), text: xLinear.tickFormat(5)(t) }));
  const yTicks = y.ticks(5).map((t) => ({ at: y(t), text: y.tickFormat(5)(t) }));
  const line = timeline && data.points.length > 1 ? data.points.map((p) => `${px(p.x).toFixed(1)},${y(p.y).toFixed(1)}`).join(" ") : null;
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG cannot hold a <fieldset>; the group names the chart's links
    <svg
      viewBox={`0 0 ${W} ${H}`}
      className="h-auto w-full overflow-visible text-zinc-500 dark:text-zinc-400"
      role="group"
      aria-label={label}
      data-chart={timeline ? "timeline" : "scatter"}
    >
      {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: axes and ticks hold no focusable element; the table below has the numbers */}
      <g aria-hidden="true" className="text-[11px]">
        {yTicks.map((t) => (
          <g key={`y${t.text}`}>
            <line x1={M.left} x2={W - M.right} y1={t.at} y2={t.at} className="stroke-zinc-200 dark:stroke-zinc-800" />
            <text x={M.left - 8} y={t.at} dy="0.32em" textAnchor="end" fill="currentColor" className="tabular-nums">
              {t.text}
            </text>
          </g>
        ))}
        {xTicks.map((t) => (
          <text key={`x${t.text}`} x={t.at} y={H - M.bottom + 16} textAnchor="middle" fill="currentColor" className="tabular-nums">
            {t.text}
          </text>
        ))}
        <line x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} stroke="currentColor" strokeOpacity={0.5} />
        <text x={(M.left + W - M.right) / 2} y={H - 6} textAnchor="middle" fill="currentColor" className="text-xs font-medium">
          {data.x ? axisTitle(data.x) : "registered"}
        </text>
        <text transform={`translate(14 ${(M.top + H - M.bottom) / 2}) rotate(-90)`} textAnchor="middle" fill="currentColor" className="text-xs font-medium">
          {axisTitle(data.y)}
        </text>
        {line ? <polyline points={line} fill="none" stroke="currentColor" strokeOpacity={0.35} strokeWidth={1.5} /> : null}
      </g>
      {data.points.map((p) => {
        const cx = px(p.x);
        const cy = y(p.y);
        const text = pointLabel(p, timeline);
        // The tooltip opens towards the middle of the chart so it stays inside it.
        const left = cx > W / 2;
        const shown = text.length > 62 ? `${text.slice(0, 61)}…` : text;
        const tipW = 16 + shown.length * 5.9;
        const tipX = Math.max(0, Math.min(W - tipW, left ? cx - 12 - tipW : cx + 12));
        const tipY = Math.min(Math.max(cy - 14, 0), H - 28);
        return (
          <a key={p.name} href={`${base}/versions/${encodeURIComponent(p.name)}`} aria-label={text} className="group outline-none" data-point={p.name}>
            <title>{text}</title>
            <circle
              cx={cx}
              cy={cy}
              r={11}
              className="fill-transparent stroke-accent-600 stroke-2 opacity-0 group-hover:opacity-100 group-focus-visible:opacity-100 dark:stroke-accent-500"
            />
            {p.aliases.length ? <circle cx={cx} cy={cy} r={8} fill="none" strokeWidth={1.5} className="stroke-accent-600 dark:stroke-accent-500" /> : null}
            <circle cx={cx} cy={cy} r={5} className={`${STAGE_FILL[p.stage] ?? STAGE_FILL.testing} stroke-white dark:stroke-zinc-900`} strokeWidth={1} />
            {p.aliases.length ? (
              <text x={cx} y={cy - 12} textAnchor="middle" className="fill-accent-700 text-[10px] font-medium dark:fill-accent-100">
                @{p.aliases.join(" @")}
              </text>
            ) : null}
            {/* Not displayed until hover or focus, so it is not part of the link's box (where a click lands). */}
            <g className="pointer-events-none hidden group-hover:inline group-focus-visible:inline">
              <rect x={tipX} y={tipY} width={tipW} height={28} rx={4} className="fill-zinc-900 dark:fill-zinc-100" />
              <text x={tipX + 8} y={tipY + 18} className="fill-white text-[11px] dark:fill-zinc-900">
                {shown}
              </text>
            </g>
          </a>
        );
      })}
    </svg>
  );
}
