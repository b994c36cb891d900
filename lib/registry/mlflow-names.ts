// How MLflow's names, versions and stages map onto Modelreg's (issue 17). Pure: no database, no permissions.
//   name     OWNER.MODEL (organization slugs hold no dot, so the first dot splits); a bare MODEL is in the
//            caller's default organization (MODELREG_MLFLOW_DEFAULT_ORG, else the caller's personal one).
//   version  "3" ↔ the version named v3; any other version name is passed through as itself, both ways.
//   stage    None ↔ testing, Staging ↔ staging, Production ↔ production, Archived ↔ disabled.
import { InvalidError } from "./errors";

export type ModelRef = { owner: string; project: string };
type Stage = "testing" | "staging" | "production" | "disabled";

export function parseModelName(raw: unknown, defaultOrg: string | null): ModelRef {
  if (typeof raw !== "string" || !raw.trim()) throw InvalidError.field("name", "is required: the registered model's name, OWNER.MODEL");
  const name = raw.trim();
  const dot = name.indexOf(".");
  if (dot > 0) return { owner: name.slice(0, dot).toLowerCase(), project: name.slice(dot + 1).toLowerCase() };
  if (dot === 0) throw InvalidError.field("name", `'${name}' has no organization before the dot (use OWNER.MODEL)`);
  if (!defaultOrg) {
    throw InvalidError.field(
      "name",
      `'${name}' names no organization: use OWNER.MODEL (a bare name is looked up in your own organization once signed in, or in MODELREG_MLFLOW_DEFAULT_ORG)`,
    );
  }
  return { owner: defaultOrg.toLowerCase(), project: name.toLowerCase() };
}

export const mlflowModelName = (owner: string, project: string) => `${owner}.${project}`;

/** MLflow's version → the Modelreg version name: an integer n is `v{n}`; anything else is taken literally. */
export function versionNameOf(raw: unknown): string {
  const v = typeof raw === "number" ? String(raw) : typeof raw === "string" ? raw.trim() : "";
  if (!v) throw InvalidError.field("version", "is required: the version number, e.g. 3");
  if (/^\d{1,9}$/.test(v)) return `v${Number(v)}`;
  return v;
}

/** A Modelreg version name → MLflow's version string: `v{n}` is "n", any other name stays as it is. */
export function mlflowVersionOf(name: string, nameNumber: number | null): string {
  return nameNumber != null && name === `v${nameNumber}` ? String(nameNumber) : name;
}

const TO_STAGE: Record<string, Stage> = { none: "testing", staging: "staging", production: "production", archived: "disabled" };
const FROM_STAGE: Record<Stage, string> = { testing: "None", staging: "Staging", production: "Production", disabled: "Archived" };

export const MLFLOW_STAGES = ["None", "Staging", "Production", "Archived"] as const;

/** MLflow's stage (any case) → Modelreg's; anything else is an InvalidError naming the four. */
export function stageOf(raw: unknown, field = "stage"): Stage {
  const s = typeof raw === "string" ? TO_STAGE[raw.trim().toLowerCase()] : undefined;
  if (!s) throw InvalidError.field(field, `must be one of ${MLFLOW_STAGES.join(", ")} (got ${JSON.stringify(raw ?? null)})`);
  return s;
}

export const mlflowStageOf = (stage: Stage): string => FROM_STAGE[stage];
