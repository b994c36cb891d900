// A dozen versions of acme/fraud-detector across every stage: weekly retrains promoted from acme/training's runs
// (same metrics and params), each with a stage history whose reasons read like a team's, backdated to match.
import { and, asc, eq, like, or, sql } from "drizzle-orm";
import type { DB } from "@/db";
import { activities, files, stageConditions, versions } from "@/db/schema";
import { userActor } from "@/lib/registry/actor";
import { setAlias } from "@/lib/registry/aliases";
import { changeStage } from "@/lib/registry/stages";
import { registerVersion } from "@/lib/registry/versions";
import type { SeededAccounts } from "./accounts";
import { seedVersionFiles } from "./files";

type Move = { to: "staging" | "production" | "disabled"; reason: string; message: string; days: number };

const staging = (message = "AUC above the 0.95 gate on the holdout week"): Move => ({ to: "staging", reason: "Offline eval passed", message, days: 2 });
const production = (message = "Two weeks in shadow with no latency regressions"): Move => ({
  to: "production",
  reason: "Shadow test passed",
  message,
  days: 12,
});
const retired = (by: number, days = 30): Move => ({ to: "disabled", reason: "Superseded", message: `Replaced in production by v${by}`, days });

/** The path each version took after registration (its last stage is where it is now). */
const PLAN: Move[][] = [
  [staging(), production("First model with the 212-feature set"), retired(5, 26)],
  [staging(), { to: "disabled", reason: "Regression", message: "Recall @ 1% FPR dropped 3 points on card-not-present traffic", days: 5 }],
  [{ to: "disabled", reason: "Bad data", message: "Trained on a feature snapshot with a stale merchant table", days: 1 }],
  [],
  [staging(), production(), retired(8, 20)],
  [staging("Kept as the fallback while v8 shadows")],
  [],
  [staging(), production("Device signals behind a flag; p99 13 ms"), retired(12, 25)],
  [staging()],
  [],
  [staging("Candidate for next week's shadow test")],
  [staging("AUC 0.9785: best yet"), production("Shadow test on 5% of traffic: +2.1 pts recall @ 1% FPR")],
];

const README = `## Weekly retrain with device signals

Gradient-boosted trees (xgboost 2.0) on 212 engineered features, now including **device signals**
(fingerprint age, emulator score). Calibrated with isotonic regression on the holdout week.

| slice | recall @ 1% FPR |
|---|---|
| card present | 0.91 |
| card not present | 0.84 |

Serve with threshold **0.42**; see \`content\` for the exported config.
`;

const DAY = 24 * 3600 * 1000;
const WEEK = 7 * DAY;
const round = (v: number, d = 4) => Number(v.toFixed(d));

export async function seedVersions(db: DB, acc: SeededAccounts, runUuids: string[] = []): Promise<void> {
  const alice = userActor(acc.users.alice.id, "alice");
  const bob = userActor(acc.users.bob.id, "bob");
  for (let i = 0; i < PLAN.length; i++) {
    const last = i === PLAN.length - 1;
    const registrar = i % 3 === 0 ? bob : alice;
    // The same numbers as the run it comes from (lib/seed/runs.ts), plus serving latency.
    const metrics = { accuracy: round(0.91 + i * 0.005), auc: round(0.94 + i * 0.0035), f1: round(0.71 + i * 0.012), latency_ms: 18 - i * 0.5 };
    const params = { lr: 0.1, batch_size: 4096, epochs: 40 + (i % 2) * 10, max_depth: 6 + (i % 3), n_estimators: 400 + i * 50 };
    const { version } = await registerVersion(db, registrar, "acme", "fraud-detector", "model", {
      description: last ? "Weekly retrain with device signals" : `Weekly retrain #${i + 1}`,
      tags: i < 4 ? ["legacy"] : i % 2 ? ["xgboost", "calibrated"] : ["xgboost"],
      meta_info: {
        framework: "xgboost",
        metrics,
        params,
        signature: { inputs: "212 float features", outputs: "fraud probability" },
      },
      content: JSON.stringify({ format: "xgboost-json", threshold: 0.42, features: 212, calibration: "isotonic" }),
      ...(last ? { readme: README } : {}),
      ...(runUuids[i] ? { run: runUuids[i], artifacts: ["model.json", "eval-report.html"] } : { artifacts: ["model.json"] }),
    });
    // Files before any stage move: a version in a protected stage (production) is read-only.
    await seedVersionFiles(db, registrar, { index: i, name: version.name, metrics, params });
    for (const m of PLAN[i]) {
      await changeStage(db, alice, "acme", "fraud-detector", "model", version.name, {
        condition: { type: m.to, status: true, reason: m.reason, message: m.message },
      });
    }
    await backdate(db, version.id, Date.now() - (16 - i) * WEEK + DAY, PLAN[i]);
  }
  // The one production version is the champion (a protected alias: alice administers the model).
  await setAlias(db, alice, "acme", "fraud-detector", "champion", { version: `v${PLAN.length}`, reason: "Promoted to production" });
}

/** Registered a day after its run; each move `days` after the previous one — never in the future. */
async function backdate(db: DB, versionId: number, registeredAt: number, moves: Move[]): Promise<void> {
  const times = [registeredAt];
  for (const m of moves) times.push(Math.min(times.at(-1)! + m.days * DAY, Date.now() - (moves.length - times.length + 1) * 3600_000));
  const rows = await db
    .select({ id: stageConditions.id })
    .from(stageConditions)
    .where(eq(stageConditions.versionId, versionId))
    .orderBy(asc(stageConditions.id));
  for (const [k, r] of rows.entries()) {
    await db
      .update(stageConditions)
      .set({ createdAt: new Date(times[Math.min(k, times.length - 1)]) })
      .where(eq(stageConditions.id, r.id));
  }
  await db
    .update(versions)
    .set({ createdAt: new Date(registeredAt), updatedAt: sql`${new Date(times.at(-1)!).toISOString()}::timestamptz` })
    .where(eq(versions.id, versionId));
  await db
    .update(files)
    .set({ createdAt: new Date(registeredAt) })
    .where(eq(files.versionId, versionId));
  // The activity log tells the same story (the organization's "Recently changed", the model's activity): the
  // registration and its files at registration, each applied stage change at its time.
  const [v] = await db.select({ projectId: versions.projectId, name: versions.name }).from(versions).where(eq(versions.id, versionId));
  const acts = await db
    .select({ id: activities.id, verb: activities.verb })
    .from(activities)
    .where(and(eq(activities.projectId, v.projectId), or(eq(activities.target, v.name), like(activities.target, `model/${v.name}/%`))))
    .orderBy(asc(activities.id));
  let moved = 0;
  for (const a of acts) {
    const at = a.verb === "version.stage_changed" ? times[Math.min(++moved, times.length - 1)] : registeredAt;
    await db
      .update(activities)
      .set({ createdAt: new Date(at) })
      .where(eq(activities.id, a.id));
  }
}
