import { describe, expect, it } from "vitest";
import { CHART_CAP, capRows, chartMetrics, numericMetrics, paddedDomain, pickMetric, scatterData, timelineData, type ChartVersion } from "./version-chart";

const v = (name: string, day: number, metrics: Record<string, unknown> | undefined, stage = "testing", aliases: string[] = []): ChartVersion => ({
  name,
  stage,
  aliases,
  createdAt: new Date(Date.UTC(2026, 0, day)),
  metaInfo: metrics === undefined ? { framework: "xgboost" } : { metrics },
});

describe("numericMetrics", () => {
  it("keeps finite numbers only", () => {
    expect(numericMetrics({ metrics: { a: 1, b: "0.5", c: null, d: Number.NaN, e: { x: 1 }, f: 0 } })).toEqual({ a: 1, f: 0 });
    expect(numericMetrics({ metrics: [1, 2] })).toEqual({});
    expect(numericMetrics(null)).toEqual({});
    expect(numericMetrics({})).toEqual({});
  });
});

describe("chartMetrics and pickMetric", () => {
  const rows = [v("v1", 1, { loss: 0.3, auc: 0.9 }), v("v2", 2, { auc: 0.91, f1: 0.7 }), v("v3", 3, undefined)];
  it("lists the metrics, most common first, ties by name", () => expect(chartMetrics(rows)).toEqual(["auc", "f1", "loss"]));
  it("defaults to the first metric and keeps a known choice", () => {
    const ms = chartMetrics(rows);
    expect(pickMetric(undefined, ms)).toBe("auc");
    expect(pickMetric("loss", ms)).toBe("loss");
    expect(pickMetric("nope", ms)).toBe("auc");
    expect(pickMetric(["loss"], ms)).toBe("auc");
    expect(pickMetric(undefined, ms, 1)).toBe("f1");
    expect(pickMetric(undefined, ["only"], 1)).toBe("only");
    expect(pickMetric("auc", [])).toBeNull();
  });
});

describe("timelineData", () => {
  it("plots the versions that have the metric, oldest first, and counts the others as missing", () => {
    const d = timelineData([v("v3", 3, { auc: 0.95 }, "production", ["champion"]), v("v2", 2, { f1: 1 }), v("v1", 1, { auc: 0.9 })], "auc");
    expect(d.points.map((p) => [p.name, p.y])).toEqual([
      ["v1", 0.9],
      ["v3", 0.95],
    ]);
    expect(d.points[1]).toMatchObject({ stage: "production", aliases: ["champion"], values: { auc: 0.95 }, x: Date.UTC(2026, 0, 3) });
    expect(d.missing).toBe(1);
    expect(d.y).toEqual({ metric: "auc", lowerIsBetter: false });
    expect(d.x).toBeNull();
  });
  it("marks lower-is-better metrics", () => {
    expect(timelineData([v("v1", 1, { latency_ms: 12 })], "latency_ms").y.lowerIsBetter).toBe(true);
    expect(timelineData([v("v1", 1, { val_loss: 0.2 })], "val_loss").y.lowerIsBetter).toBe(true);
  });
  it("is empty when no version has the metric", () => {
    const d = timelineData([v("v1", 1, undefined), v("v2", 2, { auc: "high" })], "auc");
    expect(d.points).toEqual([]);
    expect(d.missing).toBe(2);
  });
});

describe("scatterData", () => {
  it("plots the versions that have both metrics, each axis with its direction", () => {
    const d = scatterData(
      [v("v1", 1, { auc: 0.9, latency_ms: 20 }), v("v2", 2, { auc: 0.95 }), v("v3", 3, { auc: 0.97, latency_ms: 14 })],
      "latency_ms",
      "auc",
    );
    expect(d.points.map((p) => [p.name, p.x, p.y])).toEqual([
      ["v1", 20, 0.9],
      ["v3", 14, 0.97],
    ]);
    expect(d.points[0].values).toEqual({ latency_ms: 20, auc: 0.9 });
    expect(d.missing).toBe(1);
    expect(d.x).toEqual({ metric: "latency_ms", lowerIsBetter: true });
    expect(d.y).toEqual({ metric: "auc", lowerIsBetter: false });
  });
});

describe("capRows", () => {
  it("keeps the first CHART_CAP rows and says when it cut", () => {
    const many = Array.from({ length: CHART_CAP + 1 }, (_, i) => i);
    expect(capRows(many)).toEqual({ rows: many.slice(0, CHART_CAP), capped: true });
    expect(capRows(many.slice(0, CHART_CAP))).toEqual({ rows: many.slice(0, CHART_CAP), capped: false });
    expect(capRows([1, 2, 3], 2)).toEqual({ rows: [1, 2], capped: true });
  });
});

describe("paddedDomain", () => {
  it("pads, and gives one value or none a width", () => {
    expect(paddedDomain([0, 10])).toEqual([-0.5, 10.5]);
    expect(paddedDomain([2])).toEqual([1.9, 2.1]);
    expect(paddedDomain([0])).toEqual([-1, 1]);
    expect(paddedDomain([])).toEqual([0, 1]);
  });
});
