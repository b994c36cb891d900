import { describe, expect, it } from "vitest";
import { lowerIsBetter } from "./metric-direction";

describe("lowerIsBetter", () => {
  it.each(["latency_ms", "p99_latency", "loss", "val_loss", "error_rate", "mae", "mse", "rmse", "perplexity", "train_time", "model_size", "fpr", "wer"])(
    "%s: lower is better",
    (k) => expect(lowerIsBetter(k)).toBe(true),
  );
  it.each(["accuracy", "auc", "f1", "precision", "recall", "top5_accuracy", "map", "bleu", "r2"])("%s: higher is better", (k) =>
    expect(lowerIsBetter(k)).toBe(false),
  );
  it("ignores case", () => expect(lowerIsBetter("Val_Loss")).toBe(true));
});
