// Download counts: one counter per version and UTC day (version_downloads), bumped by one upsert when a file of the
// version is downloaded through any surface (REST, Hugging Face resolve/raw, MLflow artifacts, the S3 redirect),
// and read back as totals and a per-day series for the version page, the model overview and the API.
//
// What counts is decided in one place (isDownload) from the request and the response the surface has decided on:
// a GET answered with the bytes (200), the first part of them (206 from byte 0) or a redirect to them (302). A HEAD,
// a 304, an error, a resumed transfer (a Range that starts past byte 0) and a one-byte size probe (`bytes=0-0`) are
// not downloads, nor is a browser showing a file inline (an <img> of an image preview: Sec-Fetch-Dest image).
//
// Counting never fails or slows a download: the upsert is started after the response is decided, not awaited,
// and its errors are logged and dropped. Every instance writes the same rows with `count = count + 1`, so any
// number of instances on one PostgreSQL count correctly without coordination.
import "server-only";
import { and, asc, eq, gte, sql } from "drizzle-orm";
import type { DB } from "@/db";
import { versionDownloads } from "@/db/schema";
import type { Actor } from "./actor";
import { assertProjectCan, findVersion, loadProjectAccess } from "./access";

/** The version a downloaded file belongs to (getFile answers it with the file). */
export type DownloadTarget = { versionId: number; projectId: number };

/** Fetch destinations that show a file in the page rather than save it. */
const DISPLAY_DESTINATIONS = new Set(["image", "audio", "video", "track", "embed", "object", "font", "style", "script"]);

function byteRange(header: string | null): { start: number; end: number | null } | null {
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header ?? "");
  if (!m) return null;
  // A suffix range (`bytes=-500`) reads the tail: not from the first byte.
  if (m[1] === "") return { start: Number.POSITIVE_INFINITY, end: null };
  return { start: Number(m[1]), end: m[2] === "" ? null : Number(m[2]) };
}

/** Whether a range from byte 0 is a transfer rather than a probe of the size (`bytes=0-0` of a larger file). */
function fromFirstByte(r: { start: number; end: number | null }, size: number | null): boolean {
  if (r.start !== 0) return false;
  if (r.end === 0 && (size === null || size > 1)) return false;
  return true;
}

/** The one rule: is this answer to this request a new download of the file? */
export function isDownload(req: Pick<Request, "method" | "headers">, res: Pick<Response, "status" | "headers">): boolean {
  if (req.method !== "GET") return false;
  const dest = req.headers.get("sec-fetch-dest");
  if (dest && DISPLAY_DESTINATIONS.has(dest.toLowerCase())) return false;
  if (res.status === 200) return true;
  if (res.status === 206) {
    const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(res.headers.get("content-range") ?? "");
    if (!m) return false;
    return fromFirstByte({ start: Number(m[1]), end: Number(m[2]) }, m[3] === "*" ? null : Number(m[3]));
  }
  if (res.status === 302 || res.status === 303 || res.status === 307) {
    // The store answers the range itself: judge the one the client asked for.
    const r = byteRange(req.headers.get("range"));
    return r === null || fromFirstByte(r, null);
  }
  return false;
}

const pending = new Set<Promise<void>>();

/**
 * Counts the download when `res` answers `req` with one (isDownload), without waiting for the database, and
 * hands `res` back: `return countDownload(db, file, req, response)` in every surface's download handler.
 */
export function countDownload<R extends Pick<Response, "status" | "headers">>(
  db: DB,
  target: DownloadTarget,
  req: Pick<Request, "method" | "headers">,
  res: R,
): R {
  if (!isDownload(req, res)) return res;
  const p: Promise<void> = recordDownload(db, target)
    .catch((err: unknown) => {
      console.error(`download count of version ${target.versionId} not recorded:`, err instanceof Error ? err.message : err);
    })
    .finally(() => pending.delete(p));
  pending.add(p);
  return res;
}

/** Waits for the counts started so far (tests; a graceful shutdown). */
export async function settleDownloadCounts(): Promise<void> {
  while (pending.size) await Promise.all([...pending]);
}

const today = sql`(now() at time zone 'utc')::date`;

/** One upsert of the version's row for today (UTC). */
export async function recordDownload(db: DB, target: DownloadTarget, n = 1): Promise<void> {
  await db
    .insert(versionDownloads)
    .values({ versionId: target.versionId, projectId: target.projectId, day: sql`${today}`, count: n })
    .onConflictDoUpdate({
      target: [versionDownloads.versionId, versionDownloads.day],
      set: { count: sql`${versionDownloads.count} + excluded.count`, projectId: sql`excluded.project_id` },
    });
}

export const DOWNLOAD_DAYS = 30;

export type DownloadStats = {
  total: number;
  last30Days: number;
  /** The last 30 UTC days, oldest first, today last; days without downloads are 0. */
  daily: { day: string; count: number }[];
};

type Scope = { versionId: number } | { projectId: number };

async function statsOf(db: DB, scope: Scope): Promise<DownloadStats> {
  const where = "versionId" in scope ? eq(versionDownloads.versionId, scope.versionId) : eq(versionDownloads.projectId, scope.projectId);
  const since = sql`${today} - ${DOWNLOAD_DAYS - 1}::int`;
  const [[agg], days] = await Promise.all([
    db
      .select({ total: sql<string>`coalesce(sum(${versionDownloads.count}), 0)::text` })
      .from(versionDownloads)
      .where(where),
    db
      .select({ day: versionDownloads.day, count: sql<string>`sum(${versionDownloads.count})::text` })
      .from(versionDownloads)
      .where(and(where, gte(versionDownloads.day, sql`${since}`)))
      .groupBy(versionDownloads.day)
      .orderBy(asc(versionDownloads.day)),
  ]);
  const byDay = new Map(days.map((d) => [String(d.day).slice(0, 10), Number(d.count)]));
  const end = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  const daily: DownloadStats["daily"] = [];
  for (let i = DOWNLOAD_DAYS - 1; i >= 0; i--) {
    const day = new Date(end.getTime() - i * 86_400_000).toISOString().slice(0, 10);
    daily.push({ day, count: byDay.get(day) ?? 0 });
  }
  return { total: Number(agg?.total ?? 0), last30Days: daily.reduce((s, d) => s + d.count, 0), daily };
}

/** A version's downloads, for a reader of the version (NotFound otherwise, as reading it). */
export async function versionDownloadStats(
  db: DB,
  actor: Actor,
  ref: { owner: string; project: string; kind: string; version: string },
): Promise<DownloadStats & { version: string }> {
  const access = await loadProjectAccess(db, actor, ref.owner, ref.project);
  assertProjectCan(access, "project.read", actor);
  const version = await findVersion(db, access.project.id, ref.kind, ref.version);
  return { ...(await statsOf(db, { versionId: version.id })), version: version.name };
}

/** A model's downloads over all its versions, for a reader of the model. */
export async function modelDownloadStats(db: DB, actor: Actor, ref: { owner: string; project: string }): Promise<DownloadStats> {
  const access = await loadProjectAccess(db, actor, ref.owner, ref.project);
  assertProjectCan(access, "project.read", actor);
  return statsOf(db, { projectId: access.project.id });
}
