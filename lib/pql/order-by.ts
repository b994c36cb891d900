// Sort text (`-created_at,name`, `-meta.metrics.accuracy`) → ORDER BY fragments, always ending with the tiebreaker.
import { sql, type SQL } from "drizzle-orm";
import { PqlError } from "./errors";
import { pathArray } from "./json";
import { fieldSegments, MAX_CONDITIONS, show } from "./parser";
import type { QuerySpec } from "./types";
import { ref } from "./values";

export function expectedSorts(spec: QuerySpec): string {
  const names = [...Object.keys(spec.sortable), ...Object.keys(spec.json ?? {}).map((p) => `${p}.<path>`)];
  return `one of ${names.join(", ")} (with '-' for descending)`;
}

export function compileSort(spec: QuerySpec, sort: string): SQL[] {
  const text = sort.trim() ? sort : spec.defaultSort;
  const out: SQL[] = [];
  const seen = new Set<string>();
  let firstDesc: boolean | null = null;
  let tiebreakerUsed = false;
  let offset = 0;
  const items = text.split(",");
  if (items.length > MAX_CONDITIONS) {
    throw new PqlError(`too many sort fields at position 0; expected at most ${MAX_CONDITIONS}`, 0, `at most ${MAX_CONDITIONS}`);
  }
  for (const item of items) {
    let i = item.length - item.trimStart().length;
    const desc = item[i] === "-";
    if (desc) i += 1 + (item.slice(i + 1).length - item.slice(i + 1).trimStart().length);
    const name = item.slice(i).trimEnd();
    const position = offset + i;
    offset += item.length + 1;
    if (!name) {
      const expected = "a sort field";
      throw new PqlError(`expected ${expected} at position ${position}`, position, expected);
    }
    if (!/^[A-Za-z0-9_.-]+$/.test(name)) {
      const expected = expectedSorts(spec);
      throw new PqlError(`unknown sort field ${show(name)} at position ${position}; expected ${expected}`, position, expected);
    }
    const segments = fieldSegments(name, position);
    if (seen.has(name)) continue;
    seen.add(name);
    const dir = desc ? sql`desc` : sql`asc`;
    firstDesc ??= desc;
    if (segments.length === 1 && Object.hasOwn(spec.sortable, name)) {
      const col = spec.sortable[name];
      if (col === spec.tiebreaker) tiebreakerUsed = true;
      // Plain ASC/DESC so the (…, created_at desc) indexes serve the sort.
      out.push(sql`${ref(col)} ${dir}`);
    } else if (segments.length > 1 && spec.json && Object.hasOwn(spec.json, segments[0])) {
      // jsonb ordering; rows without the value go last either way.
      out.push(sql`${ref(spec.json[segments[0]])} #> ${pathArray(segments.slice(1))} ${dir} nulls last`);
    } else {
      const expected = expectedSorts(spec);
      throw new PqlError(`unknown sort field ${show(name)} at position ${position}; expected ${expected}`, position, expected);
    }
  }
  if (!tiebreakerUsed) out.push(firstDesc ? sql`${spec.tiebreaker} desc` : sql`${spec.tiebreaker} asc`);
  return out;
}
