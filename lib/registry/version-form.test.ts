// The register/edit form's text fields ⇄ version input (pure).
import { describe, expect, it } from "vitest";
import { InvalidError } from "./errors";
import { formValuesOf, metaInfoFromForm, parseKeyValues, registerInputFromForm, updateInputFromForm } from "./version-form";

describe("key = value fields", () => {
  it("read lines or a JSON object, typing numbers and booleans", () => {
    expect(parseKeyValues('accuracy = 0.93\nauc: 0.975\n# a comment\n\nname = "x = y"\nok = true\nn = 1e-3', "metrics")).toEqual({
      accuracy: 0.93,
      auc: 0.975,
      name: "x = y",
      ok: true,
      n: 0.001,
    });
    expect(parseKeyValues('{"a": {"b": 1}}', "params")).toEqual({ a: { b: 1 } });
    expect(parseKeyValues("   ", "params")).toBeUndefined();
  });
  it("name the field and the line when they cannot", () => {
    const bad = (() => {
      try {
        parseKeyValues("accuracy = 1\njust words", "metrics");
      } catch (e) {
        return e;
      }
    })() as InvalidError;
    expect(bad).toBeInstanceOf(InvalidError);
    expect(bad.fieldErrors.metrics[0]).toMatch(/line 2/);
    expect(() => parseKeyValues("{nope", "params")).toThrow(/params/);
    expect(() => parseKeyValues("[1, 2]", "params")).toThrow(InvalidError);
  });
});

describe("the form ⇄ the registry's input", () => {
  const values = {
    name: " v9 ",
    description: "d",
    tags: "a, b,, c",
    framework: "xgboost",
    metrics: "auc = 0.97",
    params: "max_depth = 8",
    signature: '{"inputs": "212 floats"}',
    meta_other: '{"dataset": "2026-w01"}',
    content: "",
    readme: "# r",
    artifacts: "m.json\nreport.html",
    connection: " ",
    run: "",
  };
  it("builds meta_info from its parts and leaves out what is empty", () => {
    expect(registerInputFromForm(values)).toEqual({
      name: "v9",
      description: "d",
      tags: ["a", "b", "c"],
      readme: "# r",
      content: null,
      connection: null,
      artifacts: ["m.json", "report.html"],
      meta_info: { dataset: "2026-w01", framework: "xgboost", metrics: { auc: 0.97 }, params: { max_depth: 8 }, signature: { inputs: "212 floats" } },
    });
    expect(registerInputFromForm({ ...values, name: "" })).not.toHaveProperty("name");
    expect(updateInputFromForm({ ...values, run: "x" })).not.toHaveProperty("run");
  });
  it("round-trips a version through the edit form", () => {
    const v = {
      name: "v3",
      description: "d",
      tags: ["a"],
      metaInfo: { framework: "jax", metrics: { auc: 0.9, f1: 0.8 }, params: { layers: [1, 2] }, signature: "x → y", dataset: "w1" },
      content: '{"k":1}',
      readme: "",
      artifacts: ["m"],
      connection: null,
    };
    const back = updateInputFromForm(formValuesOf(v));
    expect(back).toMatchObject({ name: "v3", tags: ["a"], content: '{"k":1}', artifacts: ["m"], connection: null });
    expect(back.meta_info).toEqual(v.metaInfo);
  });
  it("a non-text framework survives through the other-JSON field", () => {
    const v = {
      name: "v1",
      description: "",
      tags: [],
      metaInfo: { framework: { name: "torch", version: "2.3" } },
      content: null,
      readme: "",
      artifacts: [],
      connection: null,
    };
    expect(metaInfoFromForm(formValuesOf(v))).toEqual(v.metaInfo);
  });
});

describe("one submit, every mistake", () => {
  const ok = {
    name: "v1",
    description: "",
    tags: "",
    framework: "",
    metrics: "",
    params: "",
    signature: "",
    meta_other: "",
    content: "",
    readme: "",
    artifacts: "",
    connection: "",
    run: "",
  };
  const errorsOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidError);
      return (e as InvalidError).fieldErrors;
    }
    throw new Error("expected an InvalidError");
  };

  it("reports a bad name, bad metrics, bad params, bad signature and bad other JSON together", () => {
    const fe = errorsOf(() =>
      registerInputFromForm({ ...ok, name: "no spaces allowed", metrics: "accuracy = high", params: "just words", signature: "{oops", meta_other: "[1]" }),
    );
    expect(Object.keys(fe).sort()).toEqual(["meta_other", "metrics", "name", "params", "signature"]);
    expect(fe.metrics[0]).toBe("'accuracy' is not a number: metrics are numbers (put text in params)");
    expect(fe.name[0]).toMatch(/may contain letters, digits/);
  });

  it("the edit form too", () => {
    const fe = errorsOf(() => updateInputFromForm({ ...ok, name: "", metrics: "auc = 0.9\nnote = good\nf1 = n/a" }));
    expect(fe.name[0]).toBe("is required");
    expect(fe.metrics).toEqual(["'note', 'f1' are not numbers: metrics are numbers (put text in params)"]);
  });

  it("names every bad line of a field", () => {
    expect(errorsOf(() => parseKeyValues("a = 1\nwords\nb = 2\nmore words", "params")).params).toEqual(["lines 2, 4: expected 'key = value'"]);
  });

  it("metrics are numbers, nested included; params may be text", () => {
    expect(registerInputFromForm({ ...ok, metrics: "auc = 0.97\nn = 3", params: "optimizer = adam\nlr = 0.01" }).meta_info).toEqual({
      metrics: { auc: 0.97, n: 3 },
      params: { optimizer: "adam", lr: 0.01 },
    });
    expect(metaInfoFromForm({ metrics: '{"val": {"auc": 0.9}}' })).toEqual({ metrics: { val: { auc: 0.9 } } });
    expect(errorsOf(() => metaInfoFromForm({ metrics: '{"val": {"auc": "0.9"}, "ok": true}' })).metrics[0]).toMatch(/'val.auc', 'ok' are not numbers/);
  });
});
