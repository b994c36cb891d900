// What the benchmarks share: their section of bench/RESULTS.md, and the machine's load for the record.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..");

/** Replaces the `<!-- name:begin -->…<!-- name:end -->` section of bench/RESULTS.md (or appends it). */
export function writeSection(name: string, markdown: string): void {
  const file = path.join(ROOT, "bench", "RESULTS.md");
  const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "# Benchmark results\n";
  const re = new RegExp(`<!-- ${name}:begin -->[\\s\\S]*?<!-- ${name}:end -->`);
  const next = re.test(current) ? current.replace(re, () => markdown) : `${current.trimEnd()}\n\n${markdown}\n`;
  fs.writeFileSync(file, next);
  // The linter formats Markdown too (tables aligned): leave the file as `npx biome check` wants it.
  try {
    execFileSync("npx", ["biome", "format", "--write", file], { cwd: ROOT, stdio: "ignore" });
  } catch {}
}

/** The 1-minute load average, rounded, for the results' header. */
export const loadAverage = () => os.loadavg()[0].toFixed(1);

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Text for a Markdown table cell: a `|` (as in the query `stage:production|staging`) would end the cell. */
export const cell = (text: string) => text.replace(/\|/g, "\\|");
