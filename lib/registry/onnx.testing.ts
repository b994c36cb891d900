// Small ONNX files for tests (unit and e2e): a hand-written protobuf encoder for the few onnx.proto messages a
// preview reads. Field numbers are onnx.proto's; fields come in field-number order, as the ONNX tools write them.

const varint = (n: number | bigint): Buffer => {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  do {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v ? b | 0x80 : b);
  } while (v);
  return Buffer.from(out);
};

export type Field = [no: number, value: number | bigint | string | Buffer | Field[]];

/** A protobuf message from its fields: numbers are varints, strings/buffers/sub-messages length-delimited. */
export function message(fields: Field[]): Buffer {
  const parts: Buffer[] = [];
  for (const [no, value] of fields) {
    if (typeof value === "number" || typeof value === "bigint") {
      parts.push(varint(no * 8), varint(value));
      continue;
    }
    const body = Array.isArray(value) ? message(value) : Buffer.isBuffer(value) ? value : Buffer.from(value);
    parts.push(varint(no * 8 + 2), varint(body.length), body);
  }
  return Buffer.concat(parts);
}

/** A length-delimited field's header alone (tag and length), for a body written separately — or never (sparse). */
export const lenHeader = (no: number, length: number) => Buffer.concat([varint(no * 8 + 2), varint(length)]);

/** A packed repeated int64. */
export const packed = (ns: number[]) => Buffer.concat(ns.map(varint));

export type Dim = number | string;

/** A ValueInfoProto for a tensor: dims as sizes or symbolic names. */
export const tensorValue = (name: string, elemType: number, dims: Dim[]): Field[] => [
  [1, name],
  [
    2,
    [
      [
        1,
        [
          [1, elemType],
          [2, dims.map((d): Field => [1, typeof d === "number" ? [[1, d]] : [[2, d]]])],
        ],
      ],
    ],
  ],
];

/** A TensorProto (dims, data_type, name), with raw_data when `data` is given. */
export const initializer = (name: string, dims: number[], dataType = 1, data?: Buffer): Field[] => [
  [1, packed(dims)],
  [2, dataType],
  [8, name],
  ...(data ? ([[9, data]] as Field[]) : []),
];

export const node = (op: string, inputs: string[], outputs: string[], name = ""): Field[] => [
  ...inputs.map((i): Field => [1, i]),
  ...outputs.map((o): Field => [2, o]),
  ...(name ? ([[3, name]] as Field[]) : []),
  [4, op],
];

/**
 * A tiny linear classifier: input [batch, 4] float, MatMul + Add + Softmax, output [batch, 3], two initializers
 * (a 4×3 weight and a bias of 3) with raw_data, opsets ai.onnx 17 and ai.onnx.ml 3.
 */
export function tinyOnnx(): Buffer {
  const w = Buffer.alloc(4 * 12);
  const b = Buffer.alloc(4 * 3);
  return message([
    [1, 8],
    [2, "modelreg-tests"],
    [3, "1.0"],
    [4, "ai.modelreg"],
    [5, 3],
    [6, "A tiny linear classifier."],
    [
      7,
      [
        [1, node("MatMul", ["features", "weight"], ["logits0"], "matmul")],
        [1, node("Add", ["logits0", "bias"], ["logits"], "add")],
        [1, node("Softmax", ["logits"], ["probabilities"], "softmax")],
        [2, "linear-classifier"],
        [5, initializer("weight", [4, 3], 1, w)],
        [5, initializer("bias", [3], 1, b)],
        [11, tensorValue("features", 1, ["batch", 4])],
        [12, tensorValue("probabilities", 1, ["batch", 3])],
      ],
    ],
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
  ]);
}
