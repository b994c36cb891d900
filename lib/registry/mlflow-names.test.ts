// The MLflow ↔ Modelreg mapping of names, versions and stages (issue 17).
import { describe, expect, it } from "vitest";
import { InvalidError } from "./errors";
import { mlflowStageOf, mlflowVersionOf, parseModelName, stageOf, versionNameOf } from "./mlflow-names";

describe("names", () => {
  it("OWNER.MODEL splits at the first dot (organization slugs have none); model names keep theirs", () => {
    expect(parseModelName("acme.fraud", null)).toEqual({ owner: "acme", project: "fraud" });
    expect(parseModelName("Acme.Fraud.v2", "me")).toEqual({ owner: "acme", project: "fraud.v2" });
  });
  it("a bare name is in the default organization; without one it is refused", () => {
    expect(parseModelName("fraud", "alice")).toEqual({ owner: "alice", project: "fraud" });
    expect(() => parseModelName("fraud", null)).toThrow(/OWNER\.MODEL/);
    expect(() => parseModelName(".fraud", "alice")).toThrow(InvalidError);
    expect(() => parseModelName("", "alice")).toThrow(InvalidError);
    expect(() => parseModelName(3, "alice")).toThrow(InvalidError);
  });
});

describe("versions", () => {
  it("n ↔ v{n}; other names pass through both ways", () => {
    expect(versionNameOf("3")).toBe("v3");
    expect(versionNameOf(12)).toBe("v12");
    expect(versionNameOf("007")).toBe("v7");
    expect(versionNameOf("best")).toBe("best");
    expect(() => versionNameOf("")).toThrow(InvalidError);
    expect(() => versionNameOf(undefined)).toThrow(InvalidError);
    expect(mlflowVersionOf("v3", 3)).toBe("3");
    expect(mlflowVersionOf("best", null)).toBe("best");
    expect(mlflowVersionOf("v03", 3)).toBe("v03");
  });
});

describe("stages", () => {
  it("None/Staging/Production/Archived ↔ testing/staging/production/disabled, any case", () => {
    expect(["None", "staging", "PRODUCTION", "Archived"].map((s) => stageOf(s))).toEqual(["testing", "staging", "production", "disabled"]);
    expect((["testing", "staging", "production", "disabled"] as const).map(mlflowStageOf)).toEqual(["None", "Staging", "Production", "Archived"]);
    expect(() => stageOf("Shipped")).toThrow(/None, Staging, Production, Archived/);
    expect(() => stageOf(null)).toThrow(InvalidError);
  });
});
