// What is inside a model file, read from its header bytes only — never the weights. safetensors: an 8-byte
// little-endian header length, then a JSON header of tensor names, dtypes, shapes and offsets. GGUF: a binary
// header of typed key/value metadata (architecture, quantization, context length) and the tensor descriptors.
// Both read through `read(start, end)` (inclusive byte ranges of the stored blob), so a 100 GB file costs the
// few kilobytes or megabytes of its header.

export type ReadRange = (start: number, end: number) => Promise<Buffer>;

export type TensorInfo = { name: string; dtype: string; shape: number[]; params: number };

export type SafetensorsHeader = {
  format: "safetensors";
  tensors: TensorInfo[];
  tensorCount: number;
  totalParams: number;
  /** Parameters per dtype (F32, BF16, …). */
  dtypes: Record<string, number>;
  metadata: Record<string, string>;
  headerBytes: number;
};

export type GgufHeader = {
  format: "gguf";
  version: number;
  architecture: string | null;
  name: string | null;
  quantization: string | null;
  contextLength: number | null;
  tensorCount: number;
  totalParams: number | null;
  tensors: TensorInfo[];
  /** Scalar metadata, strings shortened; arrays summarised as `[n × type]`. */
  metadata: Record<string, string>;
  headerBytes: number;
};

export class HeaderError extends Error {}

/** The most of a header we read: beyond it the file is called unreadable rather than read further. */
export const MAX_HEADER_BYTES = 100 * 1024 * 1024;
const SHOWN_TENSORS = 500;

const product = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

export async function readSafetensorsHeader(read: ReadRange, size: number): Promise<SafetensorsHeader> {
  if (size < 8) throw new HeaderError("too short for a safetensors file");
  const n = Number((await read(0, 7)).readBigUInt64LE(0));
  if (n < 2 || 8 + n > size) throw new HeaderError("the header length does not fit the file");
  if (n > MAX_HEADER_BYTES) throw new HeaderError(`the header is ${n} bytes, more than the ${MAX_HEADER_BYTES} read for a preview`);
  let json: Record<string, unknown>;
  try {
    json = JSON.parse((await read(8, 8 + n - 1)).toString("utf8"));
  } catch {
    throw new HeaderError("the header is not JSON");
  }
  if (!json || typeof json !== "object" || Array.isArray(json)) throw new HeaderError("the header is not a JSON object");
  const metadata: Record<string, string> = {};
  const all: TensorInfo[] = [];
  const dtypes: Record<string, number> = {};
  for (const [name, value] of Object.entries(json)) {
    if (name === "__metadata__") {
      for (const [k, v] of Object.entries((value ?? {}) as Record<string, unknown>)) metadata[k] = String(v).slice(0, 500);
      continue;
    }
    const t = value as { dtype?: unknown; shape?: unknown };
    if (typeof t?.dtype !== "string" || !Array.isArray(t.shape) || !t.shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new HeaderError(`tensor '${name}' has no dtype and shape`);
    }
    const shape = t.shape as number[];
    const params = product(shape);
    all.push({ name, dtype: t.dtype, shape, params });
    dtypes[t.dtype] = (dtypes[t.dtype] ?? 0) + params;
  }
  all.sort((a, b) => a.name.localeCompare(b.name, "en", { numeric: true }));
  return {
    format: "safetensors",
    tensors: all.slice(0, SHOWN_TENSORS),
    tensorCount: all.length,
    totalParams: all.reduce((a, t) => a + t.params, 0),
    dtypes,
    metadata,
    headerBytes: 8 + n,
  };
}

// GGUF value types (ggml's gguf.h).
const GGUF_TYPES = ["u8", "i8", "u16", "i16", "u32", "i32", "f32", "bool", "string", "array", "u64", "i64", "f64"] as const;
const FIXED: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
// general.file_type (llama.cpp's LLAMA_FTYPE_*).
const FILE_TYPES: Record<number, string> = {
  0: "F32",
  1: "F16",
  2: "Q4_0",
  3: "Q4_1",
  7: "Q8_0",
  8: "Q5_0",
  9: "Q5_1",
  10: "Q2_K",
  11: "Q3_K_S",
  12: "Q3_K_M",
  13: "Q3_K_L",
  14: "Q4_K_S",
  15: "Q4_K_M",
  16: "Q5_K_S",
  17: "Q5_K_M",
  18: "Q6_K",
  19: "IQ2_XXS",
  20: "IQ2_XS",
  21: "Q2_K_S",
  22: "IQ3_XS",
  23: "IQ3_XXS",
  24: "IQ1_S",
  25: "IQ4_NL",
  26: "IQ3_S",
  27: "IQ3_M",
  28: "IQ2_S",
  29: "IQ2_M",
  30: "IQ4_XS",
  31: "IQ1_M",
  32: "BF16",
};
// ggml tensor types, for the tensor table.
const GGML_TYPES: Record<number, string> = {
  0: "F32",
  1: "F16",
  2: "Q4_0",
  3: "Q4_1",
  6: "Q5_0",
  7: "Q5_1",
  8: "Q8_0",
  9: "Q8_1",
  10: "Q2_K",
  11: "Q3_K",
  12: "Q4_K",
  13: "Q5_K",
  14: "Q6_K",
  15: "Q8_K",
  16: "IQ2_XXS",
  17: "IQ2_XS",
  18: "IQ3_XXS",
  19: "IQ1_S",
  20: "IQ4_NL",
  21: "IQ3_S",
  22: "IQ2_S",
  23: "IQ4_XS",
  24: "I8",
  25: "I16",
  26: "I32",
  27: "I64",
  28: "F64",
  29: "IQ1_M",
  30: "BF16",
};

/** A forward reader over a blob that fetches windows of it as the parser asks (never past MAX_HEADER_BYTES). */
class Cursor {
  private buf: Buffer = Buffer.alloc(0);
  private bufStart = 0;
  pos = 0;
  constructor(
    private read: ReadRange,
    private size: number,
    private window = 256 * 1024,
  ) {}
  private async ensure(n: number): Promise<void> {
    if (this.pos + n > this.size) throw new HeaderError("the header runs past the end of the file");
    if (this.pos + n > MAX_HEADER_BYTES) throw new HeaderError(`the header is larger than the ${MAX_HEADER_BYTES} bytes read for a preview`);
    if (this.pos >= this.bufStart && this.pos + n <= this.bufStart + this.buf.length) return;
    const end = Math.min(this.size, this.pos + Math.max(n, this.window)) - 1;
    this.buf = await this.read(this.pos, end);
    this.bufStart = this.pos;
  }
  async bytes(n: number): Promise<Buffer> {
    await this.ensure(n);
    const off = this.pos - this.bufStart;
    this.pos += n;
    return this.buf.subarray(off, off + n);
  }
  async u32() {
    return (await this.bytes(4)).readUInt32LE(0);
  }
  async u64() {
    return Number((await this.bytes(8)).readBigUInt64LE(0));
  }
  async str(limit = 1 << 20): Promise<string> {
    const n = await this.u64();
    if (n > limit) throw new HeaderError("a string in the header is implausibly long");
    return (await this.bytes(n)).toString("utf8");
  }
  async skip(n: number) {
    await this.ensure(0);
    if (this.pos + n > this.size) throw new HeaderError("the header runs past the end of the file");
    this.pos += n;
  }
}

async function scalar(c: Cursor, type: number): Promise<string | number | boolean> {
  const b = type === 8 ? null : await c.bytes(FIXED[type] ?? 0);
  switch (type) {
    case 0:
      return b!.readUInt8(0);
    case 1:
      return b!.readInt8(0);
    case 2:
      return b!.readUInt16LE(0);
    case 3:
      return b!.readInt16LE(0);
    case 4:
      return b!.readUInt32LE(0);
    case 5:
      return b!.readInt32LE(0);
    case 6:
      return b!.readFloatLE(0);
    case 7:
      return b!.readUInt8(0) !== 0;
    case 8:
      return c.str();
    case 10:
      return Number(b!.readBigUInt64LE(0));
    case 11:
      return Number(b!.readBigInt64LE(0));
    case 12:
      return b!.readDoubleLE(0);
    default:
      throw new HeaderError(`unknown GGUF value type ${type}`);
  }
}

export async function readGgufHeader(read: ReadRange, size: number): Promise<GgufHeader> {
  const c = new Cursor(read, size);
  if ((await c.bytes(4)).toString("latin1") !== "GGUF") throw new HeaderError("not a GGUF file (no GGUF magic)");
  const version = await c.u32();
  if (version < 2 || version > 3) throw new HeaderError(`GGUF version ${version} is not supported (2 and 3 are)`);
  const tensorCount = await c.u64();
  const kvCount = await c.u64();
  if (kvCount > 100_000 || tensorCount > 10_000_000) throw new HeaderError("implausible GGUF counts");
  const meta: Record<string, string | number | boolean> = {};
  const shown: Record<string, string> = {};
  for (let i = 0; i < kvCount; i++) {
    const key = await c.str(65_536);
    const type = await c.u32();
    if (type === 9) {
      const elem = await c.u32();
      const n = await c.u64();
      if (elem === 8) for (let j = 0; j < n; j++) await c.skip(await c.u64());
      else if (FIXED[elem]) await c.skip(n * FIXED[elem]);
      else throw new HeaderError(`arrays of GGUF type ${elem} are not supported`);
      shown[key] = `[${n} × ${GGUF_TYPES[elem] ?? elem}]`;
    } else {
      const v = await scalar(c, type);
      meta[key] = v;
      shown[key] = String(v).slice(0, 200);
    }
  }
  const tensors: TensorInfo[] = [];
  let totalParams = 0;
  for (let i = 0; i < tensorCount; i++) {
    const name = await c.str(65_536);
    const dims = await c.u32();
    if (dims > 8) throw new HeaderError(`tensor '${name}' has ${dims} dimensions`);
    const shape: number[] = [];
    for (let d = 0; d < dims; d++) shape.push(await c.u64());
    const type = await c.u32();
    await c.skip(8); // offset
    const params = product(shape);
    totalParams += params;
    if (tensors.length < SHOWN_TENSORS) tensors.push({ name, dtype: GGML_TYPES[type] ?? `type ${type}`, shape: shape.reverse(), params });
  }
  const arch = typeof meta["general.architecture"] === "string" ? (meta["general.architecture"] as string) : null;
  const fileType = meta["general.file_type"];
  const ctx = arch ? meta[`${arch}.context_length`] : undefined;
  return {
    format: "gguf",
    version,
    architecture: arch,
    name: typeof meta["general.name"] === "string" ? (meta["general.name"] as string) : null,
    quantization: typeof fileType === "number" ? (FILE_TYPES[fileType] ?? `file type ${fileType}`) : null,
    contextLength: typeof ctx === "number" ? ctx : null,
    tensorCount,
    totalParams,
    tensors,
    metadata: shown,
    headerBytes: c.pos,
  };
}
