// Training runs of acme/training: the runs acme/fraud-detector's versions are promoted from.
import type { DB } from "@/db";
import { userActor } from "@/lib/registry/actor";
import { createRun } from "@/lib/registry/runs";
import type { SeededAccounts } from "./accounts";

export async function seedRuns(db: DB, acc: SeededAccounts): Promise<string[]> {
  const bob = userActor(acc.users.bob.id, "bob");
  const uuids: string[] = [];
  for (let i = 0; i < 14; i++) {
    const failed = i === 4 || i === 9;
    const { run } = await createRun(db, bob, "acme", "training", {
      name: `xgb-weekly-${String(i + 1).padStart(2, "0")}`,
      status: failed ? "failed" : "succeeded",
      tags: ["weekly", i % 2 ? "device-signals" : "baseline"],
      inputs: { lr: 0.1, max_depth: 6 + (i % 3), n_estimators: 400 + i * 50, batch_size: 4096 },
      outputs: failed ? { loss: 0.61 } : { auc: Number((0.94 + i * 0.003).toFixed(4)), accuracy: Number((0.91 + i * 0.004).toFixed(4)), f1: Number((0.71 + i * 0.011).toFixed(4)), loss: Number((0.3 - i * 0.01).toFixed(3)) },
      artifacts: failed ? [] : [{ name: "model.json", kind: "model", path: `s3://acme-ml/fraud/${i + 1}/model.json` }, { name: "features.parquet", kind: "data", path: `s3://acme-ml/fraud/${i + 1}/features.parquet` }],
    });
    if (!failed) uuids.push(run.uuid);
  }
  return uuids;
}
