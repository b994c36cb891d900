// A dozen versions of acme/fraud-detector across every stage, with metrics and a stage history.
import type { DB } from "@/db";
import { userActor } from "@/lib/registry/actor";
import { changeStage } from "@/lib/registry/stages";
import { registerVersion } from "@/lib/registry/versions";
import type { SeededAccounts } from "./accounts";

const PLAN: { stage: "testing" | "staging" | "production" | "disabled"; path: ("staging" | "production" | "disabled")[] }[] = [
  { stage: "disabled", path: ["staging", "production", "disabled"] },
  { stage: "disabled", path: ["staging", "disabled"] },
  { stage: "disabled", path: ["disabled"] },
  { stage: "testing", path: [] },
  { stage: "disabled", path: ["staging", "production", "disabled"] },
  { stage: "staging", path: ["staging"] },
  { stage: "testing", path: [] },
  { stage: "disabled", path: ["staging", "production", "disabled"] },
  { stage: "staging", path: ["staging"] },
  { stage: "testing", path: [] },
  { stage: "staging", path: ["staging"] },
  { stage: "production", path: ["staging", "production"] },
];

const REASONS: Record<string, [string, string]> = {
  staging: ["Offline eval passed", "AUC above the 0.97 gate on the holdout week"],
  production: ["Shadow test passed", "Two weeks in shadow with no latency regressions"],
  disabled: ["Superseded", "Replaced by a newer version"],
};

export async function seedVersions(db: DB, acc: SeededAccounts, runUuids: string[] = []): Promise<void> {
  const alice = userActor(acc.users.alice.id, "alice");
  const bob = userActor(acc.users.bob.id, "bob");
  for (let i = 0; i < PLAN.length; i++) {
    const auc = 0.94 + i * 0.0035;
    await registerVersion(db, i % 3 === 0 ? bob : alice, "acme", "fraud-detector", "model", {
      description: i === PLAN.length - 1 ? "Weekly retrain with device signals" : `Weekly retrain #${i + 1}`,
      tags: i < 4 ? ["legacy"] : i % 2 ? ["xgboost", "calibrated"] : ["xgboost"],
      meta_info: {
        framework: "xgboost",
        metrics: { auc: Number(auc.toFixed(4)), accuracy: Number((0.91 + i * 0.005).toFixed(4)), f1: Number((0.71 + i * 0.012).toFixed(4)), latency_ms: 18 - i * 0.5 },
        params: { max_depth: 6 + (i % 3), eta: 0.1, n_estimators: 400 + i * 50 },
        signature: { inputs: "212 float features", outputs: "fraud probability" },
      },
      content: JSON.stringify({ format: "xgboost-json", threshold: 0.42 }),
      ...(runUuids[i] ? { run: runUuids[i], artifacts: ["model.json"] } : {}),
    });
    for (const to of PLAN[i].path) {
      const [reason, message] = REASONS[to];
      await changeStage(db, alice, "acme", "fraud-detector", "model", `v${i + 1}`, { condition: { type: to, status: true, reason, message } });
    }
  }
}
