// File previews on a real blob store (a temporary folder): each kind, the refusals, and that a large model file
// is previewed from its header alone — the store's range reads are counted.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { safetensors } from "@/lib/seed/files";
import { LocalBlobStore } from "@/lib/storage";
import { previewOf, TEXT_PREVIEW_BYTES, type FilePreview } from "./file-preview";
import { readGgufHeader, readSafetensorsHeader } from "./model-headers";
import { tinyOnnx } from "./onnx.testing";

let dir: string;
let store: LocalBlobStore;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mr-preview-"));
  store = new LocalBlobStore(dir);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function* chunks(b: Buffer, size = 1 << 20) {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

async function stored(p: string, body: Buffer | string, contentType = "application/octet-stream") {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const r = await store.put(chunks(buf));
  return { path: p, size: r.size, sha256: r.sha256, contentType, createdAt: new Date() };
}

const preview = async (p: string, body: Buffer | string, ct?: string): Promise<FilePreview> => previewOf(await stored(p, body, ct), store);

/** A GGUF v3 file: the header the tests need, then `padding` bytes standing in for the weights. */
function gguf(padding = 64): Buffer {
  const parts: Buffer[] = [];
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    parts.push(b);
  };
  const u64 = (n: number) => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(n));
    parts.push(b);
  };
  const str = (s: string) => {
    u64(Buffer.byteLength(s));
    parts.push(Buffer.from(s));
  };
  parts.push(Buffer.from("GGUF"));
  u32(3);
  u64(2); // tensors
  u64(5); // key/values
  str("general.architecture");
  u32(8);
  str("llama");
  str("general.name");
  u32(8);
  str("tiny-llama");
  str("general.file_type");
  u32(4);
  u32(15); // Q4_K_M
  str("llama.context_length");
  u32(4);
  u32(4096);
  str("tokenizer.ggml.tokens");
  u32(9);
  u32(8);
  u64(3);
  str("<s>");
  str("</s>");
  str("hello");
  for (const [name, dims, type] of [
    ["token_embd.weight", [64, 32], 12],
    ["output_norm.weight", [64], 0],
  ] as const) {
    str(name);
    u32(dims.length);
    for (const d of dims) u64(d);
    u32(type);
    u64(0);
  }
  parts.push(Buffer.alloc(padding));
  return Buffer.concat(parts);
}

describe("previews", () => {
  it("safetensors: the tensor table, parameter counts by dtype and the metadata", async () => {
    const file = safetensors(
      {
        "encoder.weight": { dtype: "F32", shape: [4, 3], data: new Float32Array(12) },
        "encoder.bias": { dtype: "F32", shape: [4], data: new Float32Array(4) },
      },
      { format: "pt" },
    );
    const p = await preview("weights/model.safetensors", file);
    expect(p.kind).toBe("safetensors");
    if (p.kind !== "safetensors") return;
    expect(p.header.tensors.map((t) => [t.name, t.dtype, t.shape, t.params])).toEqual([
      ["encoder.bias", "F32", [4], 4],
      ["encoder.weight", "F32", [4, 3], 12],
    ]);
    expect(p.header.totalParams).toBe(16);
    expect(p.header.dtypes).toEqual({ F32: 16 });
    expect(p.header.metadata).toEqual({ format: "pt" });
  });

  it("a 100 MB safetensors file is previewed from its header alone (the store's range reads are counted)", async () => {
    const header = Buffer.from(JSON.stringify({ big: { dtype: "F32", shape: [25 * 1024 * 1024], data_offsets: [0, 100 * 1024 * 1024] } }));
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(header.length));
    const body = Buffer.concat([len, header, Buffer.alloc(100 * 1024 * 1024)]);
    const file = await stored("big.safetensors", body);
    const get = vi.spyOn(store, "get");
    const read: number[] = [];
    get.mockImplementation(async function (this: LocalBlobStore, sha, range) {
      read.push(range ? range.end - range.start + 1 : file.size);
      return LocalBlobStore.prototype.get.call(store, sha, range);
    });
    try {
      const p = await previewOf(file, store);
      expect(p.kind === "safetensors" && p.header.totalParams).toBe(25 * 1024 * 1024);
      expect(read.reduce((a, b) => a + b, 0)).toBe(8 + header.length);
    } finally {
      get.mockRestore();
    }
  });

  it("GGUF: architecture, quantization, context length and tensors, with arrays skipped", async () => {
    const p = await preview("tiny.Q4_K_M.gguf", gguf());
    expect(p.kind).toBe("gguf");
    if (p.kind !== "gguf") return;
    expect(p.header).toMatchObject({
      version: 3,
      architecture: "llama",
      name: "tiny-llama",
      quantization: "Q4_K_M",
      contextLength: 4096,
      tensorCount: 2,
      totalParams: 64 * 32 + 64,
    });
    expect(p.header.tensors[0]).toEqual({ name: "token_embd.weight", dtype: "Q4_K", shape: [32, 64], params: 2048 });
    expect(p.header.metadata["tokenizer.ggml.tokens"]).toBe("[3 × string]");
  });

  it("ONNX: the graph's inputs, outputs and opsets (onnx-header.test.ts covers the reader)", async () => {
    const p = await preview("model.onnx", tinyOnnx());
    expect(p.kind === "onnx" && p.header).toMatchObject({ graphName: "linear-classifier", nodeCount: 3, totalParams: 15 });
    const bad = await preview("broken.onnx", Buffer.from("not protobuf at all"));
    expect(bad.kind === "none" && bad.reason).toMatch(/^The ONNX header could not be read: not an ONNX file/);
  });

  it("a damaged model header is a preview that says so, never an error", async () => {
    const p = await preview("bad.safetensors", Buffer.from("not a safetensors file at all"));
    expect(p).toMatchObject({ kind: "none" });
    expect((p as { reason: string }).reason).toMatch(/safetensors header could not be read/);
    expect(await preview("bad.gguf", Buffer.from("GGML and then some bytes"))).toMatchObject({ kind: "none" });
    const fake = async () => Buffer.alloc(8, 0xff);
    await expect(readSafetensorsHeader(fake, 100)).rejects.toThrow(/does not fit/);
    await expect(readGgufHeader(async () => Buffer.from("GGUF\x09\x00\x00\x00", "latin1"), 100)).rejects.toThrow(/version 9/);
  });

  it("JSON is pretty-printed, YAML and text shown as written, Markdown rendered and sanitised", async () => {
    expect(await preview("config.json", '{"a":1,"b":[2]}')).toEqual({
      kind: "text",
      lang: "json",
      text: '{\n  "a": 1,\n  "b": [\n    2\n  ]\n}',
      truncated: false,
    });
    expect(await preview("params.yaml", "lr: 0.1\n")).toMatchObject({ kind: "text", lang: "yaml", text: "lr: 0.1\n" });
    const md = await preview("README.md", "# Card\n\n<script>alert(1)</script>\n\n**bold**");
    expect(md.kind === "text" && md.html).toContain("<strong>bold</strong>");
    expect(md.kind === "text" && md.html).not.toContain("<script");
    expect(await preview("train.log", "epoch 1\n")).toMatchObject({ kind: "text", lang: "text" });
  });

  it("CSV: the header and the first 50 rows as a table", async () => {
    const rows = ['id,label,"note, quoted"', ...Array.from({ length: 80 }, (_, i) => `${i},${i % 2 ? "fraud" : "ok"},"x, ${i}"`)].join("\n");
    const p = await preview("eval/sample.csv", rows);
    expect(p.kind).toBe("csv");
    if (p.kind !== "csv") return;
    expect(p.columns).toEqual(["id", "label", "note, quoted"]);
    expect(p.rows).toHaveLength(50);
    expect(p.rows[1]).toEqual(["1", "fraud", "x, 1"]);
    expect(p.truncated).toBe(true);
  });

  it("a large text file is cut at the last whole line within the preview budget", async () => {
    const line = `${"x".repeat(99)}\n`;
    const p = await preview("big.txt", line.repeat(Math.ceil((TEXT_PREVIEW_BYTES * 2) / line.length)));
    expect(p.kind === "text" && p.truncated).toBe(true);
    expect(p.kind === "text" && p.text.length).toBeLessThanOrEqual(TEXT_PREVIEW_BYTES);
    expect(p.kind === "text" && p.text.endsWith("x")).toBe(true);
  });

  it("images are shown by the browser; binary, empty and unknown files get a reason", async () => {
    expect(await preview("plot.png", Buffer.from([0x89, 0x50, 0x4e, 0x47]), "image/png")).toEqual({ kind: "image" });
    expect(await preview("notes.txt", Buffer.from([1, 0, 2, 0]))).toEqual({ kind: "none", reason: "The file holds binary data." });
    expect(await preview("empty.txt", "")).toEqual({ kind: "none", reason: "The file is empty." });
    expect(await preview("model.bin", Buffer.from([1, 2, 3]))).toEqual({ kind: "none", reason: "No preview for this file type." });
  });
});
