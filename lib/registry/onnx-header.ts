// What an ONNX model says about itself — IR version, producer, opsets, the graph's inputs and outputs, how many
// nodes and initializers — read without loading the weights. An .onnx file is one protobuf ModelProto whose
// weights sit inline in graph.initializer[].raw_data (often hundreds of MB, and before graph.input in the
// serialized order). npm's protobuf decoders (protobufjs, onnx-proto) decode a whole buffer, so they would need
// the whole file; this is a small streaming reader instead: it reads tags, varints and lengths through a
// buffered cursor over `ReadRange` and skips every field it does not need by moving the offset, so raw_data,
// float_data and the like are jumped over, never fetched. Field numbers are onnx.proto's.
import { HeaderError, type ReadRange, type TensorInfo } from "./model-headers";

export type OnnxValueInfo = {
  name: string;
  /** "tensor", or the kind of a non-tensor value (sequence, map, optional, sparse_tensor). */
  kind: string;
  /** The tensor element type (FLOAT, INT64, …); null when not a tensor or not given. */
  elemType: string | null;
  /** Dimensions: a size, a symbolic name ("batch"), or "?" for an unnamed unknown; null when the shape is unknown. */
  shape: (number | string)[] | null;
};

export type OnnxHeader = {
  format: "onnx";
  irVersion: number;
  producerName: string | null;
  producerVersion: string | null;
  domain: string | null;
  modelVersion: number | null;
  docString: string | null;
  /** Opset imports; the default domain "" is shown as "ai.onnx". */
  opsets: { domain: string; version: number }[];
  graphName: string | null;
  /** The graph's inputs without the ones that are initializers (IR < 4 lists weights as inputs too). */
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  nodeCount: number;
  /** Node counts per operator (the domain prefixed when not the default), most used first. */
  opTypes: [string, number][];
  initializerCount: number;
  /** Initializers whose data lives in another file (external_data). */
  externalInitializers: number;
  totalParams: number;
  /** The first initializers, in file order. */
  initializers: TensorInfo[];
  metadata: Record<string, string>;
  /** Bytes fetched from the store (the skipped weights are not). */
  headerBytes: number;
  reads: number;
};

/** At most this many bytes are fetched for a preview: a graph's structure rarely needs more than a few MB. */
export const MAX_ONNX_READ_BYTES = 16 * 1024 * 1024;
/** At most this many range reads (each a round trip to the store): one per large inline weight, about. */
export const MAX_ONNX_READS = 4096;
export const MAX_ONNX_NODES = 1_000_000;
const SHOWN = 500;
/** A jump over more than this is a sparse region (a large weight): the next window is small. */
const SPARSE_GAP = 64 * 1024;
const SMALL_WINDOW = 4 * 1024;
const MAX_WINDOW = 256 * 1024;

// TensorProto.DataType.
const ELEM_TYPES = [
  "UNDEFINED",
  "FLOAT",
  "UINT8",
  "INT8",
  "UINT16",
  "INT16",
  "INT32",
  "INT64",
  "STRING",
  "BOOL",
  "FLOAT16",
  "DOUBLE",
  "UINT32",
  "UINT64",
  "COMPLEX64",
  "COMPLEX128",
  "BFLOAT16",
  "FLOAT8E4M3FN",
  "FLOAT8E4M3FNUZ",
  "FLOAT8E5M2",
  "FLOAT8E5M2FNUZ",
  "UINT4",
  "INT4",
  "FLOAT4E2M1",
  "FLOAT8E8M0",
];
const elemName = (t: number) => ELEM_TYPES[t] ?? `type ${t}`;

const VARINT = 0;
const I64 = 1;
const LEN = 2;
const I32 = 5;

/**
 * A forward reader over a blob. Bytes come from windows fetched on demand; skipping moves the offset without
 * fetching. Windows grow while the parser reads on sequentially (a long node list is a few reads, not one per
 * node) and shrink to a few KB after a jump over a large field (the next field is a small tensor header).
 */
class ProtoCursor {
  private buf: Buffer = Buffer.alloc(0);
  private bufStart = 0;
  private window = 16 * 1024;
  pos = 0;
  fetched = 0;
  reads = 0;
  constructor(
    private read: ReadRange,
    readonly size: number,
  ) {}

  private async ensure(n: number): Promise<void> {
    if (this.pos + n > this.size) throw new HeaderError("the file is truncated (a field runs past its end)");
    if (this.pos >= this.bufStart && this.pos + n <= this.bufStart + this.buf.length) return;
    const gap = this.pos - (this.bufStart + this.buf.length);
    this.window = gap > SPARSE_GAP ? SMALL_WINDOW : Math.min(this.window * 2, MAX_WINDOW);
    const len = Math.min(this.size - this.pos, Math.max(n, this.window));
    this.fetched += len;
    this.reads += 1;
    if (this.fetched > MAX_ONNX_READ_BYTES)
      throw new HeaderError(`the model's structure takes more than the ${MAX_ONNX_READ_BYTES / 1024 / 1024} MB read for a preview`);
    if (this.reads > MAX_ONNX_READS) throw new HeaderError(`the model has too many inline weights to preview (more than ${MAX_ONNX_READS} reads)`);
    const b = await this.read(this.pos, this.pos + len - 1);
    if (b.length < len) throw new HeaderError("the file is shorter than its size");
    this.buf = b;
    this.bufStart = this.pos;
  }

  async varint(): Promise<number> {
    await this.ensure(Math.min(10, this.size - this.pos) || 1);
    let off = this.pos - this.bufStart;
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (off >= this.buf.length) throw new HeaderError("the file is truncated (inside a number)");
      const b = this.buf[off++];
      result += (b & 0x7f) * mul;
      mul *= 128;
      if (b < 0x80) {
        this.pos = this.bufStart + off;
        // int64 values are two's complement in 10 bytes: a negative one comes out near 2^64.
        return result >= 2 ** 63 ? result - 2 ** 64 : result;
      }
    }
    throw new HeaderError("not an ONNX file (a number longer than 10 bytes)");
  }

  async bytes(n: number): Promise<Buffer> {
    await this.ensure(n);
    const off = this.pos - this.bufStart;
    this.pos += n;
    return this.buf.subarray(off, off + n);
  }

  skip(n: number, end: number) {
    if (n < 0 || this.pos + n > end)
      throw new HeaderError(this.pos + n > this.size ? "the file is truncated (a field runs past its end)" : "not an ONNX file (a field overruns its message)");
    this.pos += n;
  }

  /** A length-delimited field's length, checked against the enclosing message's end. */
  async len(end: number): Promise<number> {
    const n = await this.varint();
    if (n < 0 || this.pos + n > end)
      throw new HeaderError(this.pos + n > this.size ? "the file is truncated (a field runs past its end)" : "not an ONNX file (a field overruns its message)");
    return n;
  }

  /** A string field: at most `max` bytes of it are read, the rest skipped. */
  async str(end: number, max = 1024): Promise<string> {
    const n = await this.len(end);
    const s = (await this.bytes(Math.min(n, max))).toString("utf8");
    this.skip(n - Math.min(n, max), end);
    return n > max ? `${s}…` : s;
  }

  async skipField(wire: number, end: number) {
    if (wire === VARINT) await this.varint();
    else if (wire === I64) this.skip(8, end);
    else if (wire === I32) this.skip(4, end);
    else if (wire === LEN) this.skip(await this.len(end), end);
    else throw new HeaderError(`not an ONNX file (protobuf wire type ${wire})`);
    if (this.pos > end) throw new HeaderError("not an ONNX file (a field overruns its message)");
  }
}

/** Visits each field of the message ending at `end`; fields the visitor does not take (returns false) are skipped. */
async function fields(c: ProtoCursor, end: number, visit: (no: number, wire: number) => Promise<boolean>): Promise<void> {
  while (c.pos < end) {
    const tag = await c.varint();
    const no = Math.floor(tag / 8);
    if (no === 0 || tag < 0) throw new HeaderError("not an ONNX file (a protobuf field numbered 0)");
    if (!(await visit(no, tag % 8))) await c.skipField(tag % 8, end);
    if (c.pos > end) throw new HeaderError("not an ONNX file (a field overruns its message)");
  }
}

const expectWire = (what: string, wire: number, want: number) => {
  if (wire !== want) throw new HeaderError(`not an ONNX file (${what} has protobuf wire type ${wire})`);
};

/** A submessage field: its end offset. */
async function sub(c: ProtoCursor, end: number, what: string, wire: number): Promise<number> {
  expectWire(what, wire, LEN);
  const n = await c.len(end);
  return c.pos + n;
}

/** A repeated int64, packed or not. */
async function int64s(c: ProtoCursor, end: number, wire: number, into: number[]) {
  if (wire === VARINT) into.push(await c.varint());
  else if (wire === LEN) {
    const n = await c.len(end);
    const stop = c.pos + n;
    while (c.pos < stop) into.push(await c.varint());
    if (c.pos !== stop) throw new HeaderError("not an ONNX file (a packed list overruns its length)");
  } else throw new HeaderError(`not an ONNX file (dims have protobuf wire type ${wire})`);
}

async function valueInfo(c: ProtoCursor, end: number): Promise<OnnxValueInfo> {
  const v: OnnxValueInfo = { name: "", kind: "unknown", elemType: null, shape: null };
  await fields(c, end, async (no, wire) => {
    if (no === 1) {
      expectWire("a value's name", wire, LEN);
      v.name = await c.str(end);
      return true;
    }
    if (no !== 2) return false;
    const typeEnd = await sub(c, end, "a value's type", wire);
    await fields(c, typeEnd, async (tno, twire) => {
      const kinds: Record<number, string> = { 1: "tensor", 4: "sequence", 5: "map", 8: "sparse_tensor", 9: "optional" };
      if (!kinds[tno]) return false;
      v.kind = kinds[tno];
      const tEnd = await sub(c, typeEnd, "a value's type", twire);
      if (tno !== 1 && tno !== 8) {
        c.skip(tEnd - c.pos, tEnd);
        return true;
      }
      await fields(c, tEnd, async (f, w) => {
        if (f === 1) {
          expectWire("an element type", w, VARINT);
          v.elemType = elemName(await c.varint());
          return true;
        }
        if (f !== 2) return false;
        const shapeEnd = await sub(c, tEnd, "a shape", w);
        v.shape = [];
        await fields(c, shapeEnd, async (sf, sw) => {
          if (sf !== 1) return false;
          const dimEnd = await sub(c, shapeEnd, "a dimension", sw);
          let dim: number | string = "?";
          await fields(c, dimEnd, async (df, dw) => {
            if (df === 1 && dw === VARINT) dim = await c.varint();
            else if (df === 2 && dw === LEN) dim = (await c.str(dimEnd, 200)) || "?";
            else return false;
            return true;
          });
          if (v.shape!.length < 64) v.shape!.push(dim);
          return true;
        });
        return true;
      });
      return true;
    });
    return true;
  });
  return v;
}

type Initializer = { name: string; dtype: string; shape: number[]; params: number; external: boolean };

async function tensor(c: ProtoCursor, end: number): Promise<Initializer> {
  const t: Initializer = { name: "", dtype: "UNDEFINED", shape: [], params: 0, external: false };
  await fields(c, end, async (no, wire) => {
    if (no === 1) await int64s(c, end, wire, t.shape);
    else if (no === 2 && wire === VARINT) t.dtype = elemName(await c.varint());
    else if (no === 8 && wire === LEN) t.name = await c.str(end);
    else if (no === 13) {
      // external_data: the weights are in another file; the entries (location, offset, length) are not needed.
      t.external = true;
      return false;
    } else if (no === 14 && wire === VARINT) {
      if ((await c.varint()) === 1) t.external = true; // data_location EXTERNAL
    } else return false; // raw_data (9), float_data (4), int64_data (7), … are skipped, never fetched
    return true;
  });
  if (t.shape.length > 32 || t.shape.some((d) => d < 0)) throw new HeaderError(`initializer '${t.name}' has an impossible shape`);
  t.params = t.shape.reduce((a, b) => a * b, 1);
  return t;
}

export async function readOnnxHeader(read: ReadRange, size: number): Promise<OnnxHeader> {
  if (size < 2) throw new HeaderError("not an ONNX file (too short)");
  const c = new ProtoCursor(read, size);
  const h: OnnxHeader = {
    format: "onnx",
    irVersion: 0,
    producerName: null,
    producerVersion: null,
    domain: null,
    modelVersion: null,
    docString: null,
    opsets: [],
    graphName: null,
    inputs: [],
    outputs: [],
    nodeCount: 0,
    opTypes: [],
    initializerCount: 0,
    externalInitializers: 0,
    totalParams: 0,
    initializers: [],
    metadata: {},
    headerBytes: 0,
    reads: 0,
  };
  const ops = new Map<string, number>();
  const initNames = new Set<string>();
  let inputs: OnnxValueInfo[] = [];
  let sawGraph = false;
  let first = true;
  // Wire types of ModelProto's fields: a file whose first field is not one of them is not an ONNX model.
  const modelWire: Record<number, number> = { 1: VARINT, 2: LEN, 3: LEN, 4: LEN, 5: VARINT, 6: LEN, 7: LEN, 8: LEN, 14: LEN, 20: LEN, 25: LEN };
  await fields(c, size, async (no, wire) => {
    if (first && modelWire[no] !== wire) throw new HeaderError("not an ONNX file (it does not start like a ModelProto)");
    first = false;
    switch (no) {
      case 1:
        expectWire("ir_version", wire, VARINT);
        h.irVersion = await c.varint();
        return true;
      case 2:
        expectWire("producer_name", wire, LEN);
        h.producerName = await c.str(size, 200);
        return true;
      case 3:
        expectWire("producer_version", wire, LEN);
        h.producerVersion = await c.str(size, 200);
        return true;
      case 4:
        expectWire("domain", wire, LEN);
        h.domain = await c.str(size, 200);
        return true;
      case 5:
        expectWire("model_version", wire, VARINT);
        h.modelVersion = await c.varint();
        return true;
      case 6:
        expectWire("doc_string", wire, LEN);
        h.docString = await c.str(size, 2000);
        return true;
      case 8: {
        const end = await sub(c, size, "an opset import", wire);
        const o = { domain: "", version: 0 };
        await fields(c, end, async (f, w) => {
          if (f === 1 && w === LEN) o.domain = await c.str(end, 200);
          else if (f === 2 && w === VARINT) o.version = await c.varint();
          else return false;
          return true;
        });
        if (h.opsets.length < 100) h.opsets.push({ domain: o.domain || "ai.onnx", version: o.version });
        return true;
      }
      case 14: {
        const end = await sub(c, size, "a metadata entry", wire);
        let key = "";
        let value = "";
        await fields(c, end, async (f, w) => {
          if (f === 1 && w === LEN) key = await c.str(end, 200);
          else if (f === 2 && w === LEN) value = await c.str(end, 500);
          else return false;
          return true;
        });
        if (key && Object.keys(h.metadata).length < 200) h.metadata[key] = value;
        return true;
      }
      case 7:
        break;
      default:
        return false; // training_info, functions, …
    }
    sawGraph = true;
    const graphEnd = await sub(c, size, "the graph", wire);
    await fields(c, graphEnd, async (g, gw) => {
      if (g === 2) {
        expectWire("the graph's name", gw, LEN);
        h.graphName = await c.str(graphEnd, 200);
        return true;
      }
      if (g === 1) {
        const end = await sub(c, graphEnd, "a node", gw);
        if (++h.nodeCount > MAX_ONNX_NODES) throw new HeaderError(`the graph has more than ${MAX_ONNX_NODES.toLocaleString("en")} nodes`);
        let op = "";
        let domain = "";
        // op_type (4) and domain (7); inputs, outputs and attributes (which may hold constant tensors) are skipped.
        await fields(c, end, async (f, w) => {
          if (f === 4 && w === LEN) op = await c.str(end, 100);
          else if (f === 7 && w === LEN) domain = await c.str(end, 100);
          else return false;
          return true;
        });
        const key = domain && domain !== "ai.onnx" ? `${domain}.${op}` : op || "?";
        if (ops.size < 1000 || ops.has(key)) ops.set(key, (ops.get(key) ?? 0) + 1);
        return true;
      }
      if (g === 5) {
        const t = await tensor(c, await sub(c, graphEnd, "an initializer", gw));
        h.initializerCount += 1;
        h.totalParams += t.params;
        if (t.external) h.externalInitializers += 1;
        if (initNames.size < 1_000_000) initNames.add(t.name);
        if (h.initializers.length < SHOWN) h.initializers.push({ name: t.name, dtype: t.dtype, shape: t.shape, params: t.params });
        return true;
      }
      if (g === 11 || g === 12) {
        const v = await valueInfo(c, await sub(c, graphEnd, "a graph input or output", gw));
        const list = g === 11 ? inputs : h.outputs;
        if (list.length < SHOWN && !(g === 11 && initNames.has(v.name))) list.push(v);
        return true;
      }
      return false; // doc_string, value_info, sparse_initializer, quantization annotations, …
    });
    return true;
  });
  if (!sawGraph || h.irVersion <= 0 || h.irVersion > 100) throw new HeaderError("not an ONNX file (no IR version or no graph)");
  // Initializers normally precede the inputs; when a writer put them after, drop the weights from the inputs here.
  inputs = inputs.filter((v) => !initNames.has(v.name));
  h.inputs = inputs;
  h.opTypes = [...ops].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  h.headerBytes = c.fetched;
  h.reads = c.reads;
  return h;
}
