// Demo models of acme (DESIGN §9): created through the registry, as a user would.
import { eq } from "drizzle-orm";
import type { DB } from "@/db";
import { projects, projectSources, projectTeams } from "@/db/schema";
import { userActor } from "@/lib/registry/actor";
import { createProject } from "@/lib/registry/projects";
import type { SeededAccounts } from "./accounts";

const FRAUD_README = `# Fraud detector

Scores card transactions for fraud risk in real time (p99 < 20 ms).

## Model
Gradient-boosted trees on 212 engineered features (merchant history, velocity, device signals),
calibrated with isotonic regression.

## Evaluation
| metric | v12 (production) |
|---|---|
| AUC | 0.981 |
| recall @ 1% FPR | 0.87 |

## Usage
\`\`\`bash
modelreg models pull -p acme/fraud-detector -ver v12 --path ./fraud
\`\`\`

Owners: risk-ml team. Retrained weekly from \`acme/training\`.
`;

export type SeededProjects = Record<"fraud" | "training" | "vision" | "churn", number>;

export async function seedProjects(db: DB, acc: SeededAccounts): Promise<SeededProjects> {
  const demo = userActor(acc.users.demo.id, "demo");
  const make = async (name: string, input: Parameters<typeof createProject>[3]) => (await createProject(db, demo, "acme", { name, ...input })).project.id;
  const ids: SeededProjects = {
    fraud: await make("fraud-detector", { description: "Real-time card fraud scoring", tags: ["tabular", "fraud", "xgboost"], is_public: true, readme: FRAUD_README }),
    training: await make("training", { description: "Training runs of the risk team", tags: ["runs"] }),
    vision: await make("vision-classifier", { description: "Product image classifier", tags: ["vision", "cnn"], readme: "# Vision classifier\n\nResNet-50 fine-tuned on the catalogue images." }),
    churn: await make("churn", { description: "Monthly customer churn propensity", tags: ["tabular", "churn"] }),
  };
  await db.update(projects).set({ excludedFeatures: ["models"] }).where(eq(projects.id, ids.training));
  await db.insert(projectTeams).values({ projectId: ids.vision, teamId: acc.visionTeamId });
  await db.insert(projectSources).values({ projectId: ids.fraud, sourceProjectId: ids.training });
  return ids;
}
