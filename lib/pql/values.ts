// Typed reading of PQL values: every value is checked here, in TypeScript, before it becomes a bound
// parameter, so the database never sees a value it could fail to cast.
import { Column, is, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { pqlError, show } from "./parser";
import type { PqlValue } from "./types";

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** Rejects `%` search markers on a value whose field does not search. */
export function plain(v: PqlValue, what: string): string {
  if (v.prefix || v.suffix) {
    throw pqlError(v.position, `${what} (search with % is only for text fields that allow it)`, "'%'");
  }
  return v.raw;
}

/** A finite decimal number, returned as its canonical text for a `::numeric` parameter. */
export function readNumber(v: PqlValue, field: string): string {
  const raw = plain(v, `a number for '${field}'`).trim();
  const n = Number(raw);
  if (!NUMBER.test(raw) || !Number.isFinite(n) || raw.length > 60) {
    throw pqlError(v.position, `a number for '${field}' (e.g. 3, -1.5, 2e-3)`, show(v.raw));
  }
  return raw.replace(/^\+/, "");
}

export function isNumberText(raw: string): boolean {
  return NUMBER.test(raw) && Number.isFinite(Number(raw)) && raw.length <= 60;
}

export function readUuid(v: PqlValue, field: string): string {
  const raw = plain(v, `a uuid for '${field}'`).trim();
  if (!UUID.test(raw)) throw pqlError(v.position, `a uuid for '${field}' (8-4-4-4-12 hex digits)`, show(v.raw));
  return raw.toLowerCase();
}

export function readBoolean(v: PqlValue, field: string): boolean {
  const raw = plain(v, `true or false for '${field}'`).trim().toLowerCase();
  if (raw === "true" || raw === "1") return true;
  if (raw === "false" || raw === "0") return false;
  throw pqlError(v.position, `true, false, 1 or 0 for '${field}'`, show(v.raw));
}

export function readEnum(v: PqlValue, field: string, values: readonly string[]): string {
  const raw = plain(v, `one of ${values.join(", ")} for '${field}'`).trim();
  if (!values.includes(raw)) throw pqlError(v.position, `one of ${values.join(", ")} for '${field}'`, show(v.raw));
  return raw;
}

/**
 * A datetime names an interval: the whole day, minute, second or millisecond it spells out
 * (`2026-01-01` is that UTC day; `2026-01-01T10:00` is that minute). `start` is inclusive, `end` exclusive.
 * Without a zone a value is UTC.
 */
export type Instant = { start: string; end: string; startMs: number; endMs: number };

export function readDatetime(v: PqlValue, field: string): Instant {
  const expected = `a date or date-time for '${field}' (e.g. 2026-01-31 or 2026-01-31T10:00Z)`;
  const raw = plain(v, expected).trim();
  const m = DATETIME.exec(raw);
  if (!m) throw pqlError(v.position, expected, show(v.raw));
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  const ms = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, "0"));
  let offsetMinutes = 0;
  if (zone && zone.toUpperCase() !== "Z") {
    const sign = zone[0] === "-" ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (oh > 14 || om > 59) throw pqlError(v.position, expected, show(v.raw));
    offsetMinutes = sign * (oh * 60 + om);
  }
  if (year < 1 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) {
    throw pqlError(v.position, expected, show(v.raw));
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  // Date rolls 2026-02-30 over into March: a round trip catches impossible days.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw pqlError(v.position, expected, show(v.raw));
  }
  const start = date.getTime() - offsetMinutes * 60_000;
  const unit = h === undefined ? 86_400_000 : s === undefined ? 60_000 : frac === undefined ? 1000 : 1;
  return { start: isoUtc(start), end: isoUtc(start + unit), startMs: start, endMs: start + unit };
}

/** toISOString, but year 10000 as `10000-…` (Postgres rejects JS's `+010000-…`). */
function isoUtc(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.startsWith("+") ? iso.slice(1).replace(/^0+/, "") : iso;
}

/** `a%b_c` → `a\%b\_c`: user text is literal inside LIKE patterns (backslash is Postgres's default escape). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The ILIKE pattern for a value with `%` markers, or null for an exact value. */
export function likePattern(v: PqlValue): string | null {
  if (!v.prefix && !v.suffix) return null;
  return `${v.prefix ? "%" : ""}${escapeLike(v.raw)}${v.suffix ? "%" : ""}`;
}

/** A column as is; an SQL expression in parentheses, so `x is not null` stays one operand of `=`. */
export function ref(col: AnyColumn | SQL): AnyColumn | SQL {
  return is(col, Column) ? col : sql`(${col})`;
}
