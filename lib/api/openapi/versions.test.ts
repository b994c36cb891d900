import { describe, expect, it } from "vitest";
import { openApiDocument } from "./index";

describe("the versions part of the OpenAPI document", () => {
  it("documents every versions route of DESIGN §6 (files aside)", () => {
    const paths = openApiDocument().paths ?? {};
    const base = "/api/v1/{owner}/{project}/versions/{kind}";
    const expected: [string, string[]][] = [
      [base, ["get", "post"]],
      [`${base}/{name}`, ["delete", "get", "patch"]],
      [`${base}/{name}/stages`, ["get", "post"]],
      [`${base}/{name}/stages/approve`, ["post"]],
      [`${base}/{name}/stages/reject`, ["post"]],
      [`${base}/{name}/stages/withdraw`, ["post"]],
      [`${base}/{name}/transfer`, ["post"]],
      [`${base}/{name}/copy`, ["post"]],
    ];
    for (const [path, methods] of expected) expect(Object.keys(paths[path] ?? {}).sort(), path).toEqual(methods);
  });

  it("states the stage object's exact keys and the stage rules", () => {
    const doc = openApiDocument() as unknown as {
      components: { schemas: Record<string, { properties: Record<string, unknown>; additionalProperties?: unknown }> };
    };
    const stage = doc.components.schemas.StageObject;
    expect(Object.keys(stage.properties).sort()).toEqual(["stage", "stage_conditions", "uuid"]);
    expect(stage.additionalProperties).toBe(false);
    expect(Object.keys(doc.components.schemas.StageCondition.properties).sort()).toEqual([
      "last_transition_time",
      "last_update_time",
      "message",
      "meta_info",
      "reason",
      "status",
      "type",
    ]);
  });
});
