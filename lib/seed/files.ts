// The files of every acme/fraud-detector version: a `config.json`, a genuine (small) `model.safetensors` and a
// `README.md` model card whose YAML front matter is the Hub's `cardData`. Deterministic bytes (a seeded PRNG),
// written through the registry's own upload (sha256, size, limits, activity) before the version leaves testing.
import type { DB } from "@/db";
import type { UserActor } from "@/lib/registry/actor";
import { uploadFile } from "@/lib/registry/files";

/** What the n-th version (0-based) was trained with: the same numbers as its meta_info in versions.ts. */
export type DemoVersionFacts = {
  index: number;
  name: string;
  metrics: Record<string, number>;
  params: Record<string, number>;
};

export const DEMO_FEATURES = 212;

/** mulberry32: a tiny deterministic PRNG, so every seed writes the same bytes (and so the same sha256). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type SafetensorsTensor = { dtype: "F32"; shape: number[]; data: Float32Array };

/**
 * A safetensors file: 8-byte little-endian header length, the JSON header (padded with spaces to a multiple of
 * 8, as the reference writer does), then the tensors' bytes back to back in header order.
 */
export function safetensors(tensors: Record<string, SafetensorsTensor>, metadata: Record<string, string> = {}): Buffer {
  const header: Record<string, unknown> = Object.keys(metadata).length ? { __metadata__: metadata } : {};
  let offset = 0;
  const bodies: Buffer[] = [];
  for (const [name, t] of Object.entries(tensors)) {
    const n = t.shape.reduce((a, b) => a * b, 1);
    if (n !== t.data.length) throw new Error(`tensor ${name}: shape ${t.shape} has ${n} values, data ${t.data.length}`);
    const bytes = Buffer.alloc(n * 4);
    t.data.forEach((v, i) => {
      bytes.writeFloatLE(v, i * 4);
    });
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes.length] };
    offset += bytes.length;
    bodies.push(bytes);
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
  return Buffer.concat([len, Buffer.from(json, "utf8"), ...bodies]);
}

/** The card data every version's README.md declares (what `model_info(...).card_data` shows). */
export function demoCardData(v: DemoVersionFacts) {
  return {
    license: "apache-2.0",
    library_name: "xgboost",
    pipeline_tag: "tabular-classification",
    tags: ["fraud-detection", "tabular", "xgboost", "safetensors"],
    metrics: ["accuracy", "auc", "f1"],
    "model-index": [
      {
        name: `fraud-detector ${v.name}`,
        results: [
          {
            task: { type: "tabular-classification", name: "Fraud detection" },
            dataset: { type: "acme/transactions", name: "Card transactions (holdout week)" },
            metrics: [
              { type: "auc", value: v.metrics.auc },
              { type: "accuracy", value: v.metrics.accuracy },
              { type: "f1", value: v.metrics.f1 },
            ],
          },
        ],
      },
    ],
  };
}

function modelCard(v: DemoVersionFacts): string {
  const d = demoCardData(v);
  const [r] = d["model-index"][0].results;
  return `---
license: ${d.license}
library_name: ${d.library_name}
pipeline_tag: ${d.pipeline_tag}
tags:
${d.tags.map((t) => `  - ${t}`).join("\n")}
metrics:
${d.metrics.map((m) => `  - ${m}`).join("\n")}
model-index:
  - name: ${d["model-index"][0].name}
    results:
      - task:
          type: ${r.task.type}
          name: ${r.task.name}
        dataset:
          type: ${r.dataset.type}
          name: ${r.dataset.name}
        metrics:
${r.metrics.map((m) => `          - type: ${m.type}\n            value: ${m.value}`).join("\n")}
---

# acme/fraud-detector ${v.name}

Gradient-boosted trees on ${DEMO_FEATURES} engineered card-transaction features, exported for serving:
\`model.safetensors\` holds the logistic read-out (\`classifier.weight\` [1, ${DEMO_FEATURES}], \`classifier.bias\` [1])
and the isotonic calibration knots (\`calibration.x\`, \`calibration.y\`); \`config.json\` the serving settings.

| metric | holdout week |
|---|---|
| AUC | ${v.metrics.auc} |
| accuracy | ${v.metrics.accuracy} |
| F1 | ${v.metrics.f1} |

Serve with threshold **0.42**.
`;
}

/** The three files of one demo version, as bytes. */
export function demoVersionFiles(v: DemoVersionFacts): Record<string, Buffer> {
  const rand = prng(0x5eed + v.index);
  const weight = Float32Array.from({ length: DEMO_FEATURES }, () => Math.round((rand() * 2 - 1) * 1e4) / 1e4);
  const knots = 16;
  const config = {
    architectures: ["FraudDetector"],
    model_type: "xgboost-logistic",
    framework: "xgboost",
    num_features: DEMO_FEATURES,
    threshold: 0.42,
    calibration: "isotonic",
    ...v.params,
  };
  return {
    "config.json": Buffer.from(`${JSON.stringify(config, null, 2)}\n`),
    "model.safetensors": safetensors(
      {
        "classifier.weight": { dtype: "F32", shape: [1, DEMO_FEATURES], data: weight },
        "classifier.bias": { dtype: "F32", shape: [1], data: Float32Array.of(-2.5 + v.index * 0.01) },
        "calibration.x": { dtype: "F32", shape: [knots], data: Float32Array.from({ length: knots }, (_, k) => k / (knots - 1)) },
        "calibration.y": { dtype: "F32", shape: [knots], data: Float32Array.from({ length: knots }, (_, k) => (k / (knots - 1)) ** 1.5) },
      },
      { format: "pt", version: v.name },
    ),
    "README.md": Buffer.from(modelCard(v)),
  };
}

/** Uploads the version's files through the registry (before it moves to a protected stage). */
export async function seedVersionFiles(db: DB, actor: UserActor, v: DemoVersionFacts): Promise<void> {
  for (const [path, bytes] of Object.entries(demoVersionFiles(v))) {
    await uploadFile(db, actor, {
      owner: "acme",
      project: "fraud-detector",
      kind: "model",
      version: v.name,
      path,
      body: (async function* () {
        yield new Uint8Array(bytes);
      })(),
      contentLength: bytes.length,
    });
  }
}
