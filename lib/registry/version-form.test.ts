// The register/edit form's text fields ⇄ version input (pure).
import { describe, expect, it } from "vitest";
import { InvalidError } from "./errors";
import { formValuesOf, metaInfoFromForm, parseKeyValues, registerInputFromForm, updateInputFromForm } from "./version-form";

describe("key = value fields", () => {
  it("read lines or a JSON object, typing numbers and booleans", () => {
    expect(parseKeyValues("accuracy = 0.93\nauc: 0.975\n# a comment\n\nname = \"x = y\"\nok = true\nn = 1e-3", "metrics")).toEqual({ accuracy: 0.93, auc: 0.975, name: "x = y", ok: true, n: 0.001 });
    expect(parseKeyValues('{"a": {"b": 1}}', "params")).toEqual({ a: { b: 1 } });
    expect(parseKeyValues("   ", "params")).toBeUndefined();
  });
  it("name the field and the line when they cannot", () => {
    const bad = (() => { try { parseKeyValues("accuracy = 1\njust words", "metrics"); } catch (e) { return e; } })() as InvalidError;
    expect(bad).toBeInstanceOf(InvalidError);
    expect(bad.fieldErrors.metrics[0]).toMatch(/line 2/);
    expect(() => parseKeyValues("{nope", "params")).toThrow(/params/);
    expect(() => parseKeyValues("[1, 2]", "params")).toThrow(InvalidError);
  });
});

describe("the form ⇄ the registry's input", () => {
  const values = {
    name: " v9 ", description: "d", tags: "a, b,, c", framework: "xgboost", metrics: "auc = 0.97", params: "max_depth = 8",
    signature: '{"inputs": "212 floats"}', meta_other: '{"dataset": "2026-w01"}', content: "", readme: "# r", artifacts: "m.json\nreport.html", connection: " ", run: "",
  };
  it("builds meta_info from its parts and leaves out what is empty", () => {
    expect(registerInputFromForm(values)).toEqual({
      name: "v9", description: "d", tags: ["a", "b", "c"], readme: "# r", content: null, connection: null, artifacts: ["m.json", "report.html"],
      meta_info: { dataset: "2026-w01", framework: "xgboost", metrics: { auc: 0.97 }, params: { max_depth: 8 }, signature: { inputs: "212 floats" } },
    });
    expect(registerInputFromForm({ ...values, name: "" })).not.toHaveProperty("name");
    expect(updateInputFromForm({ ...values, run: "x" })).not.toHaveProperty("run");
  });
  it("round-trips a version through the edit form", () => {
    const v = { name: "v3", description: "d", tags: ["a"], metaInfo: { framework: "jax", metrics: { auc: 0.9, f1: 0.8 }, params: { layers: [1, 2] }, signature: "x → y", dataset: "w1" }, content: '{"k":1}', readme: "", artifacts: ["m"], connection: null };
    const back = updateInputFromForm(formValuesOf(v));
    expect(back).toMatchObject({ name: "v3", tags: ["a"], content: '{"k":1}', artifacts: ["m"], connection: null });
    expect(back.meta_info).toEqual(v.metaInfo);
  });
  it("a non-text framework survives through the other-JSON field", () => {
    const v = { name: "v1", description: "", tags: [], metaInfo: { framework: { name: "torch", version: "2.3" } }, content: null, readme: "", artifacts: [], connection: null };
    expect(metaInfoFromForm(formValuesOf(v))).toEqual(v.metaInfo);
  });
});
