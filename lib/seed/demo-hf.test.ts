// The seeded demo through the Hugging Face surface, with the real @huggingface/hub client: every
// acme/fraud-detector version has a config.json, a genuine model.safetensors and a README.md model card whose
// front matter is the Hub's cardData; the bytes download intact and are the same on every seed.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { downloadFile, modelInfo } from "@huggingface/hub";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { serveRoutesForTest, useDbForRoutes } from "@/lib/api/route-testing";
import { demoCardData, safetensors } from "./files";
import { seedDemo } from "./index";

let t: TestDb;
let srv: { url: string; close(): Promise<void> };
let sandbox: string;
const repo = "acme/fraud-detector";
const sha = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");

beforeAll(async () => {
  sandbox = fs.mkdtempSync(path.join(os.tmpdir(), "modelreg-seed-hf-"));
  process.env.MODELREG_DATA_DIR = path.join(sandbox, "data");
  delete process.env.STORAGE_URL;
  t = await createTestDb();
  await seedDemo(t.db, "demo-password-123");
  useDbForRoutes(t.db);
  srv = await serveRoutesForTest();
}, 180_000);
afterAll(async () => {
  await srv?.close();
  await t?.close();
  fs.rmSync(sandbox, { recursive: true, force: true });
});

type Sibling = { rfilename: string; size: number; lfs: { sha256: string } };
const info = async (rev: string) =>
  (await (await fetch(`${srv.url}/api/models/${repo}/revision/${rev}`)).json()) as {
    siblings: Sibling[];
    cardData: unknown;
    library_name: string;
    pipeline_tag: string;
    modelreg: { version: string };
  };

/** Parses a safetensors file: header length, header, and every tensor's bytes inside the body. */
function readSafetensors(buf: Buffer) {
  const n = Number(buf.readBigUInt64LE(0));
  type Entry = { dtype: string; shape: number[]; data_offsets: [number, number] };
  const header = JSON.parse(buf.subarray(8, 8 + n).toString("utf8")) as Record<string, unknown>;
  const body = buf.subarray(8 + n);
  const tensors = Object.entries(header).filter(([k]) => k !== "__metadata__") as [string, Entry][];
  return { n, header, body, tensors };
}

describe("the demo's acme/fraud-detector through the Hugging Face surface", () => {
  it("main (the production v12) lists the three files and its README.md front matter is the cardData", async () => {
    const m = await modelInfo({ name: repo, hubUrl: srv.url, additionalFields: ["sha", "filePaths", "cardData", "library_name"] });
    expect(m.filePaths.sort()).toEqual(["README.md", "config.json", "model.safetensors"]);
    expect(m.library_name).toBe("xgboost");
    const v12 = await info("main");
    expect(v12.pipeline_tag).toBe("tabular-classification");
    expect(v12.modelreg.version).toBe("v12");
    expect(v12.cardData).toEqual(demoCardData({ index: 11, name: "v12", metrics: { accuracy: 0.965, auc: 0.9785, f1: 0.842 }, params: {} }));
  });

  it("every version has the files, with distinct weights; the bytes download intact through resolve", async () => {
    const shas = new Set<string>();
    for (const rev of ["v1", "v3", "v9", "v12"]) {
      const i = await info(rev);
      expect(i.siblings.map((s) => s.rfilename).sort(), rev).toEqual(["README.md", "config.json", "model.safetensors"]);
      for (const s of i.siblings) {
        const blob = await downloadFile({ repo, path: s.rfilename, revision: rev, hubUrl: srv.url });
        const bytes = Buffer.from(await blob!.arrayBuffer());
        expect(bytes.length, `${rev}/${s.rfilename}`).toBe(s.size);
        expect(sha(bytes), `${rev}/${s.rfilename}`).toBe(s.lfs.sha256);
        if (s.rfilename === "model.safetensors") {
          shas.add(s.lfs.sha256);
          const st = readSafetensors(bytes);
          expect(st.n % 8).toBe(0);
          expect(st.header.__metadata__).toEqual({ format: "pt", version: rev });
          expect(Object.fromEntries(st.tensors.map(([k, v]) => [k, v.shape]))).toEqual({
            "classifier.weight": [1, 212],
            "classifier.bias": [1],
            "calibration.x": [16],
            "calibration.y": [16],
          });
          // The tensors tile the body exactly, F32 = 4 bytes a value.
          let end = 0;
          for (const [, v] of st.tensors) {
            expect(v.dtype).toBe("F32");
            expect(v.data_offsets[0]).toBe(end);
            expect(v.data_offsets[1] - v.data_offsets[0]).toBe(4 * v.shape.reduce((a, b) => a * b, 1));
            end = v.data_offsets[1];
          }
          expect(end).toBe(st.body.length);
          expect(st.body.readFloatLE(Object.fromEntries(st.tensors)["calibration.x"].data_offsets[0] + 15 * 4)).toBe(1);
        }
        if (s.rfilename === "config.json") expect(JSON.parse(bytes.toString("utf8"))).toMatchObject({ num_features: 212, threshold: 0.42 });
        if (s.rfilename === "README.md") expect(bytes.toString("utf8")).toMatch(new RegExp(`^---\\n[\\s\\S]*\\n---\\n\\n# acme/fraud-detector ${rev}\\n`));
      }
    }
    expect(shas.size).toBe(4);
  });

  it("the safetensors writer follows the format (header length, padded JSON, tensor bytes)", () => {
    const buf = safetensors({ a: { dtype: "F32", shape: [2], data: Float32Array.of(1, 2) } });
    expect(Number(buf.readBigUInt64LE(0))).toBe(buf.length - 8 - 8);
    expect(buf.subarray(8, buf.length - 8).toString()).toMatch(/^\{"a":\{"dtype":"F32","shape":\[2\],"data_offsets":\[0,8\]\}\} *$/);
    expect(buf.readFloatLE(buf.length - 4)).toBe(2);
  });

  it("the seed is deterministic: the same bytes every time", async () => {
    const again = await createTestDb();
    try {
      await seedDemo(again.db, "other-password-456");
      const { files, versions } = await import("@/db/schema");
      const { eq } = await import("drizzle-orm");
      const q = (db: TestDb["db"]) =>
        db
          .select({ v: versions.name, p: files.path, s: files.sha256 })
          .from(files)
          .innerJoin(versions, eq(versions.id, files.versionId))
          .orderBy(versions.name, files.path);
      expect(await q(again.db)).toEqual(await q(t.db));
    } finally {
      await again.close();
    }
  }, 180_000);
});
