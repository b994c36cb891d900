// The ONNX header reader on hand-encoded models: what it reports, that it skips the weights (a 100 MB
// initializer costs a few KB of reads, counted), that a long node list is a few reads, and that garbage,
// truncated and damaged files are HeaderErrors.
import { describe, expect, it } from "vitest";
import { HeaderError, type ReadRange } from "./model-headers";
import { initializer, lenHeader, message, node, tensorValue, tinyOnnx, type Field } from "./onnx.testing";
import { MAX_ONNX_READ_BYTES, MAX_ONNX_READS, readOnnxHeader } from "./onnx-header";

/** A file made of real bytes and zero-filled stretches that exist only as lengths; reads are counted. */
function virtualFile(parts: (Buffer | number)[]) {
  const size = parts.reduce<number>((a, p) => a + (typeof p === "number" ? p : p.length), 0);
  const stats = { bytes: 0, reads: 0 };
  const read: ReadRange = async (start, end) => {
    stats.bytes += end - start + 1;
    stats.reads += 1;
    const out = Buffer.alloc(end - start + 1);
    let at = 0;
    for (const p of parts) {
      const len = typeof p === "number" ? p : p.length;
      const lo = Math.max(start, at);
      const hi = Math.min(end + 1, at + len);
      if (lo < hi && typeof p !== "number") p.copy(out, lo - start, lo - at, hi - at);
      at += len;
    }
    return out;
  };
  return { read, size, stats };
}

const ofBuffer = (b: Buffer) => virtualFile([b]);
const parse = (b: Buffer) => {
  const f = ofBuffer(b);
  return readOnnxHeader(f.read, f.size);
};

describe("readOnnxHeader", () => {
  it("reads the producer, opsets, graph, inputs and outputs with symbolic dims, nodes and initializers", async () => {
    const h = await parse(tinyOnnx());
    expect(h).toMatchObject({
      format: "onnx",
      irVersion: 8,
      producerName: "modelreg-tests",
      producerVersion: "1.0",
      domain: "ai.modelreg",
      modelVersion: 3,
      docString: "A tiny linear classifier.",
      graphName: "linear-classifier",
      nodeCount: 3,
      initializerCount: 2,
      externalInitializers: 0,
      totalParams: 15,
      metadata: { license: "apache-2.0" },
    });
    expect(h.opsets).toEqual([
      { domain: "ai.onnx", version: 17 },
      { domain: "ai.onnx.ml", version: 3 },
    ]);
    expect(h.inputs).toEqual([{ name: "features", kind: "tensor", elemType: "FLOAT", shape: ["batch", 4] }]);
    expect(h.outputs).toEqual([{ name: "probabilities", kind: "tensor", elemType: "FLOAT", shape: ["batch", 3] }]);
    expect(h.opTypes).toEqual([
      ["Add", 1],
      ["MatMul", 1],
      ["Softmax", 1],
    ]);
    expect(h.initializers).toEqual([
      { name: "weight", dtype: "FLOAT", shape: [4, 3], params: 12 },
      { name: "bias", dtype: "FLOAT", shape: [3], params: 3 },
    ]);
  });

  it("a 100 MB initializer is jumped over: the whole preview reads less than 64 KB", async () => {
    const weightBytes = 100 * 1024 * 1024;
    const bigHead = Buffer.concat([message(initializer("encoder.weight", [25 * 1024 * 1024])), lenHeader(9, weightBytes)]);
    const bigInit = [lenHeader(5, bigHead.length + weightBytes), bigHead];
    const before = message([
      [1, node("Gemm", ["x", "encoder.weight", "encoder.bias"], ["y"])],
      [2, "big"],
    ]);
    const after = message([
      [5, initializer("encoder.bias", [1024], 1, Buffer.alloc(4096))],
      [11, tensorValue("x", 1, ["batch", "sequence", 1024])],
      [12, tensorValue("y", 10, ["batch", 1024])],
    ]);
    const graphLen = before.length + bigInit[0].length + bigHead.length + weightBytes + after.length;
    const head = message([
      [1, 9],
      [2, "pytorch"],
      [3, "2.3.0"],
    ]);
    const tail = message([[8, [[2, 18]]]]);
    const f = virtualFile([head, lenHeader(7, graphLen), before, ...bigInit, weightBytes, after, tail]);
    const h = await readOnnxHeader(f.read, f.size);
    expect(h.totalParams).toBe(25 * 1024 * 1024 + 1024);
    expect(h.initializerCount).toBe(2);
    expect(h.inputs).toEqual([{ name: "x", kind: "tensor", elemType: "FLOAT", shape: ["batch", "sequence", 1024] }]);
    expect(h.outputs[0]).toMatchObject({ elemType: "FLOAT16", shape: ["batch", 1024] });
    expect(h.opsets).toEqual([{ domain: "ai.onnx", version: 18 }]);
    expect(f.stats.bytes).toBeLessThan(64 * 1024);
    expect(f.stats.reads).toBeLessThanOrEqual(3);
    expect(h.headerBytes).toBe(f.stats.bytes);
  });

  it("thousands of nodes and small initializers are a few reads, not one per node", async () => {
    const graph: Field[] = [];
    for (let i = 0; i < 5000; i++) graph.push([1, node("Relu", [`t${i}`], [`t${i + 1}`], `relu_${i}`)]);
    for (let i = 0; i < 500; i++) graph.push([5, initializer(`w${i}`, [8, 8], 1, Buffer.alloc(256))]);
    graph.push([11, tensorValue("t0", 1, [1, 8])], [12, tensorValue("t5000", 1, [1, 8])]);
    const f = ofBuffer(
      message([
        [1, 7],
        [7, graph],
        [8, [[2, 13]]],
      ]),
    );
    const h = await readOnnxHeader(f.read, f.size);
    expect(h.nodeCount).toBe(5000);
    expect(h.opTypes).toEqual([["Relu", 5000]]);
    expect(h.initializerCount).toBe(500);
    expect(h.totalParams).toBe(500 * 64);
    expect(f.stats.reads).toBeLessThan(20);
  });

  it("the reads are bounded: a model with thousands of large inline weights is refused, not read on", async () => {
    const gap = 100 * 1024;
    const parts: (Buffer | number)[] = [];
    const count = MAX_ONNX_READS + 100;
    let graphLen = 0;
    for (let i = 0; i < count; i++) {
      const head = Buffer.concat([message(initializer(`w${i}`, [gap / 4])), lenHeader(9, gap)]);
      const field = lenHeader(5, head.length + gap);
      parts.push(Buffer.concat([field, head]), gap);
      graphLen += field.length + head.length + gap;
    }
    const f = virtualFile([message([[1, 8]]), lenHeader(7, graphLen), ...parts]);
    await expect(readOnnxHeader(f.read, f.size)).rejects.toThrow(/too many inline weights|more than the 16 MB read/);
    expect(f.stats.reads).toBeLessThanOrEqual(MAX_ONNX_READS);
    expect(f.stats.bytes).toBeLessThanOrEqual(MAX_ONNX_READ_BYTES);
  });

  it("external-data initializers count their parameters; inputs that are initializers (IR < 4) are not inputs", async () => {
    const external: Field[] = [
      ...initializer("lm_head.weight", [32000, 4096], 16),
      [
        13,
        [
          [1, "location"],
          [2, "model.onnx.data"],
        ],
      ],
      [
        13,
        [
          [1, "offset"],
          [2, "0"],
        ],
      ],
      [14, 1],
    ];
    const h = await parse(
      message([
        [1, 3],
        [
          7,
          [
            [1, node("MatMul", ["h", "lm_head.weight"], ["logits"])],
            [5, external],
            [11, tensorValue("h", 16, ["batch", "seq", 4096])],
            [11, tensorValue("lm_head.weight", 16, [32000, 4096])],
            [12, tensorValue("logits", 16, ["batch", "seq", 32000])],
          ],
        ],
        [8, [[2, 7]]],
      ]),
    );
    expect(h).toMatchObject({ irVersion: 3, initializerCount: 1, externalInitializers: 1, totalParams: 32000 * 4096 });
    expect(h.initializers[0]).toMatchObject({ name: "lm_head.weight", dtype: "BFLOAT16", shape: [32000, 4096] });
    expect(h.inputs.map((i) => i.name)).toEqual(["h"]);
  });

  it("non-tensor values and unknown dims are shown as such", async () => {
    const h = await parse(
      message([
        [1, 8],
        [
          7,
          [
            [
              11,
              [
                [1, "tokens"],
                [2, [[4, [[1, [[1, 7]]]]]]],
              ],
            ],
            [
              11,
              [
                [1, "mask"],
                [
                  2,
                  [
                    [
                      1,
                      [
                        [1, 9],
                        [
                          2,
                          [
                            [1, []],
                            [1, [[1, 5]]],
                          ],
                        ],
                      ],
                    ],
                  ],
                ],
              ],
            ],
            [
              12,
              [
                [1, "scores"],
                [2, [[1, [[1, 1]]]]],
              ],
            ],
          ],
        ],
      ]),
    );
    expect(h.inputs).toEqual([
      { name: "tokens", kind: "sequence", elemType: null, shape: null },
      { name: "mask", kind: "tensor", elemType: "BOOL", shape: ["?", 5] },
    ]);
    expect(h.outputs).toEqual([{ name: "scores", kind: "tensor", elemType: "FLOAT", shape: null }]);
  });

  it("garbage, other formats and empty files are not ONNX files", async () => {
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
    for (const b of [Buffer.from("this is not a model"), png, Buffer.from("GGUF\x03\x00\x00\x00", "latin1"), Buffer.alloc(1), Buffer.alloc(4096)]) {
      await expect(parse(b), b.subarray(0, 8).toString("hex")).rejects.toThrow(HeaderError);
    }
    // A protobuf that is well formed but is no model: no IR version, no graph.
    await expect(parse(message([[2, "just a name"]]))).rejects.toThrow(/not an ONNX file/);
    // Seeded random bytes.
    let seed = 42;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 200; i++) {
      const b = Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 300) }, () => Math.floor(rand() * 256)));
      await expect(parse(b)).rejects.toThrow(HeaderError);
    }
  });

  it("a truncated file is a HeaderError wherever it is cut before the graph ends; damaged bytes never crash", async () => {
    const full = tinyOnnx();
    // What follows the graph in tinyOnnx: the opset imports and the metadata.
    const tail: Field[] = [
      [
        8,
        [
          [1, ""],
          [2, 17],
        ],
      ],
      [
        8,
        [
          [1, "ai.onnx.ml"],
          [2, 3],
        ],
      ],
      [
        14,
        [
          [1, "license"],
          [2, "apache-2.0"],
        ],
      ],
    ];
    const graphEnd = full.length - message(tail).length;
    expect(graphEnd).toBeGreaterThan(100);
    for (let n = 1; n < graphEnd; n++) await expect(parse(full.subarray(0, n)), `cut at ${n}`).rejects.toThrow(HeaderError);
    // Each byte changed in turn: either still readable or a HeaderError, never another kind of error.
    for (let i = 0; i < full.length; i++) {
      for (const v of [0x00, 0xff, 0x7f]) {
        const b = Buffer.from(full);
        b[i] = v;
        await parse(b).catch((err) => {
          if (!(err instanceof HeaderError)) throw err;
        });
      }
    }
  });
});
