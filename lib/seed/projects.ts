// Demo models of acme (DESIGN §9), created and configured through the registry, as a user would.
import type { DB } from "@/db";
import { userActor } from "@/lib/registry/actor";
import { updateProjectSettings } from "@/lib/registry/project-settings";
import { createProject } from "@/lib/registry/projects";
import type { SeededAccounts } from "./accounts";

const FRAUD_README = `# Fraud detector

Scores card-not-present transactions for fraud risk in real time. Owned by the risk-ml team.

## Model details
- **Type:** gradient-boosted trees (XGBoost 2.0), 600 trees of depth 6–8, isotonic calibration
- **Input:** 212 engineered features — merchant history, customer velocity (1 h / 24 h / 7 d), device and network signals
- **Output:** the probability that the transaction is fraudulent; the serving threshold is **0.42**
- **Latency:** p99 under 20 ms on one CPU core

## Intended use
Real-time scoring in the authorisation path, to decline or step up (3-D Secure) risky payments.
**Not** intended for credit decisions or for card-present transactions, which have different fraud patterns.

## Training data
Twelve months of transactions (≈ 410 M rows, 0.31 % fraud) from \`acme/training\`, labelled by chargebacks
received within 90 days. The newest four weeks are held out for evaluation.

## Evaluation
| metric | production | target |
|---|---|---|
| AUC | 0.981 | ≥ 0.97 |
| recall @ 1 % FPR | 0.87 | ≥ 0.80 |
| precision @ threshold | 0.64 | ≥ 0.60 |
| p99 latency | 18 ms | ≤ 20 ms |

## Limitations and risks
- New merchants have no history: scores for them lean on device signals and are less reliable.
- Fraud patterns drift; the model is retrained weekly and watched for calibration drift.
- Declines affect customers: keep a human review queue for high-value false positives.

## How to use
\`\`\`bash
modelreg models ls -p acme/fraud-detector -q "stage:production"
modelreg models pull -p acme/fraud-detector -ver v12 --path ./fraud
\`\`\`

Versions are promoted from training runs of \`acme/training\`; moving one to **production** needs a project admin.
`;

const VISION_README = `# Vision classifier

ResNet-50 fine-tuned on 1.2 M catalogue images to classify products into 1,400 categories.

| metric | value |
|---|---|
| top-1 accuracy | 0.912 |
| top-5 accuracy | 0.987 |

Restricted to the **vision** team while the labelling audit runs.
`;

const CHURN_README = `# Churn propensity

Monthly propensity of a customer to cancel in the next 60 days, from usage, billing and support history.
Logistic regression on 48 features; refreshed on the first of every month.
`;

export type SeededProjects = Record<"fraud" | "training" | "vision" | "churn", number>;

export async function seedProjects(db: DB, acc: SeededAccounts): Promise<SeededProjects> {
  const demo = userActor(acc.users.demo.id, "demo");
  const make = async (name: string, input: Record<string, unknown>) => (await createProject(db, demo, "acme", { name, ...input })).project.id;
  const ids: SeededProjects = {
    training: await make("training", {
      description: "Training runs of the risk team (runs only)",
      tags: ["runs", "risk"],
      readme: "# Training\n\nWhere the risk team logs its training runs. Models are promoted from here into `acme/fraud-detector`.",
    }),
    fraud: await make("fraud-detector", {
      description: "Real-time card fraud scoring",
      tags: ["tabular", "fraud", "xgboost"],
      is_public: true,
      readme: FRAUD_README,
    }),
    vision: await make("vision-classifier", { description: "Product image classifier", tags: ["vision", "cnn"], readme: VISION_README }),
    churn: await make("churn", { description: "Monthly customer churn propensity", tags: ["tabular", "churn"], readme: CHURN_README }),
  };
  await updateProjectSettings(db, demo, "acme", "training", { excluded_features: ["models"] });
  await updateProjectSettings(db, demo, "acme", "vision-classifier", { teams: ["vision"], confirm: true });
  await updateProjectSettings(db, demo, "acme", "fraud-detector", { sources: ["acme/training"] });
  return ids;
}
