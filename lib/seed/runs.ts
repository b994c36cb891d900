// Training runs of acme/training: the weekly retrains acme/fraud-detector's twelve versions are promoted from
// (their metrics and params match the versions'), plus the runs that did not make it — failed, stopped, still
// running, a sweep that lost. Returns the uuids of the promoted runs in version order (v1 first).
import { eq, sql } from "drizzle-orm";
import type { DB } from "@/db";
import { runs } from "@/db/schema";
import { userActor } from "@/lib/registry/actor";
import { createRun } from "@/lib/registry/runs";
import type { SeededAccounts } from "./accounts";

const round = (v: number, d = 4) => Number(v.toFixed(d));
const WEEK = 7 * 24 * 3600 * 1000;

function artifacts(week: number) {
  const root = `s3://acme-ml/fraud/weekly-${String(week).padStart(2, "0")}`;
  return [
    { name: "model.json", kind: "model", path: `${root}/model.json` },
    { name: "features.parquet", kind: "data", path: `${root}/features.parquet` },
    { name: "eval-report.html", kind: "html", path: `${root}/eval-report.html` },
  ];
}

export async function seedRuns(db: DB, acc: SeededAccounts): Promise<string[]> {
  const alice = userActor(acc.users.alice.id, "alice");
  const bob = userActor(acc.users.bob.id, "bob");
  const promoted: string[] = [];
  // Backdated so the table reads like a season of weekly retrains (creation goes through the registry).
  const log = async (who: typeof alice, weeksAgo: number, input: Parameters<typeof createRun>[4]) => {
    const { run } = await createRun(db, who, "acme", "training", input);
    const at = new Date(Date.now() - weeksAgo * WEEK);
    await db
      .update(runs)
      .set({ createdAt: at, updatedAt: sql`${at.toISOString()}::timestamptz + interval '47 minutes'` })
      .where(eq(runs.id, run.id));
    return run.uuid;
  };
  for (let i = 0; i < 12; i++) {
    const weeksAgo = 16 - i;
    // Same numbers as the version promoted from it (lib/seed/versions.ts), so the lineage reads true.
    promoted.push(
      await log(i % 3 === 0 ? bob : alice, weeksAgo, {
        name: `xgb-weekly-${String(i + 1).padStart(2, "0")}`,
        description: i === 11 ? "Weekly retrain with device signals" : `Weekly retrain #${i + 1}`,
        status: "succeeded",
        tags: ["weekly", i >= 8 ? "device-signals" : "baseline"],
        inputs: { lr: 0.1, batch_size: 4096, epochs: 40 + (i % 2) * 10, max_depth: 6 + (i % 3), n_estimators: 400 + i * 50 },
        outputs: {
          accuracy: round(0.91 + i * 0.005),
          auc: round(0.94 + i * 0.0035),
          f1: round(0.71 + i * 0.012),
          loss: round(0.31 - i * 0.011),
        },
        artifacts: artifacts(i + 1),
      }),
    );
    if (i === 4) {
      await log(bob, weeksAgo - 0.5, {
        name: "xgb-depth-12-oom",
        description: "Depth 12 ran out of memory on the 64 GB runner",
        status: "failed",
        tags: ["experiment"],
        inputs: { lr: 0.1, batch_size: 8192, epochs: 40, max_depth: 12, n_estimators: 800 },
        outputs: { loss: 0.412 },
      });
    }
    if (i === 7) {
      for (const [k, lr] of [0.3, 0.03].entries()) {
        await log(alice, weeksAgo - 0.3, {
          name: `lr-sweep-${lr}`,
          status: "succeeded",
          tags: ["sweep"],
          inputs: { lr, batch_size: 4096, epochs: 40, max_depth: 7, n_estimators: 700 },
          outputs: { accuracy: round(0.925 - k * 0.004), auc: round(0.958 - k * 0.006), f1: round(0.77 - k * 0.01), loss: round(0.24 + k * 0.02) },
          artifacts: artifacts(100 + k).slice(0, 1),
        });
      }
    }
  }
  await log(bob, 0.2, {
    name: "xgb-weekly-13-early-stop",
    description: "Stopped by hand: the feature snapshot was stale",
    status: "stopped",
    tags: ["weekly"],
    inputs: { lr: 0.1, batch_size: 4096, epochs: 50, max_depth: 8, n_estimators: 1000 },
    outputs: { loss: 0.19 },
  });
  await log(alice, 0.05, {
    name: "xgb-weekly-13",
    description: "Weekly retrain #13",
    status: "running",
    tags: ["weekly", "device-signals"],
    inputs: { lr: 0.1, batch_size: 4096, epochs: 50, max_depth: 8, n_estimators: 1000 },
    outputs: { loss: 0.176, accuracy: 0.961 },
  });
  await log(bob, 0.01, {
    name: "lightgbm-baseline",
    description: "Queued: LightGBM against the same features",
    status: "created",
    tags: ["experiment"],
    inputs: { lr: 0.05, num_leaves: 63, epochs: 60 },
  });
  return promoted;
}
