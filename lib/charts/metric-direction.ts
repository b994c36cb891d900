// Which way a metric reads: the one rule, by name, for every table and chart (pure; server and client).

/** Name fragments of metrics where a smaller value is the better model (a loss, an error, a cost in time or size). */
const LOWER_IS_BETTER =
  /(loss|latency|error|err$|^err_|_err_|mse|mae|mape|rmse|perplexity|ppl$|time|duration|_ms$|_s$|size|fpr|fnr|far$|frr$|wer$|cer$|brier|log_?loss|nll|regret|cost)/i;

/** Whether lower is better for a metric, judged by its name (latency, loss, error, mae, perplexity …). */
export function lowerIsBetter(key: string): boolean {
  return LOWER_IS_BETTER.test(key);
}
