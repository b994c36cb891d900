// How commands answer: aligned tables and key/value blocks for people, JSON (--json) for scripts.
import type { Command } from "commander";

export type Column<T> = { header: string; value: (row: T) => unknown; align?: "left" | "right" };

const text = (v: unknown): string => {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return v.map(text).join(", ");
  if (v instanceof Date) return formatDate(v);
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
};

/** `--json` given anywhere on the command line (a global option). */
export function wantsJson(cmd: Command): boolean {
  return Boolean(cmd.optsWithGlobals().json);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printTable<T>(rows: T[], columns: Column<T>[], opts: { empty?: string } = {}): void {
  if (!rows.length) {
    process.stdout.write(`${opts.empty ?? "Nothing to show."}\n`);
    return;
  }
  const cells = rows.map((r) => columns.map((c) => text(c.value(r)).replace(/\s+/g, " ")));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((row) => row[i].length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (columns[i].align === "right" ? v.padStart(widths[i]) : v.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  const out = [line(columns.map((c) => c.header.toUpperCase())), ...cells.map(line)];
  process.stdout.write(`${out.join("\n")}\n`);
}

/** `key: value` lines with the keys aligned. */
export function printDetails(pairs: [string, unknown][]): void {
  const width = Math.max(...pairs.map(([k]) => k.length));
  process.stdout.write(`${pairs.map(([k, v]) => `${(`${k}:`).padEnd(width + 1)} ${text(v)}`).join("\n")}\n`);
}

/** JSON for scripts, or the human rendering. */
export function emit(cmd: Command, value: unknown, human: () => void): void {
  if (wantsJson(cmd)) printJson(value);
  else human();
}

/** A message for people (suppressed under --json, where the JSON is the answer). */
export function say(cmd: Command, message: string): void {
  if (!wantsJson(cmd)) process.stdout.write(`${message}\n`);
}

export function warn(message: string): void {
  process.stderr.write(`modelreg: warning: ${message}\n`);
}

/** `2026-01-31 14:05` in local time, from a Date or an ISO string. */
export function formatDate(v: Date | string | null | undefined): string {
  if (!v) return "";
  const d = typeof v === "string" ? new Date(v) : v;
  if (Number.isNaN(d.getTime())) return String(v);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
