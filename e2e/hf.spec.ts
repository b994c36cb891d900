// The Hugging Face surface on the production build, against the seeded demo (both instances: blobs on local
// disk, and on S3 where `/resolve/` is a 302 to a presigned GET): acme/fraud-detector's files, their card data,
// and the bytes through the resolve path.
import crypto from "node:crypto";
import { expect, test } from "./fixtures";

const onS3 = () => test.info().project.name === "s3";
const sha = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");

test("the demo's fraud-detector serves its files through the Hugging Face paths", async ({ request }) => {
  const info = await request.get("/api/models/acme/fraud-detector");
  expect(info.status()).toBe(200);
  const m = (await info.json()) as {
    sha: string;
    cardData: { license: string; library_name: string };
    siblings: { rfilename: string; size: number; lfs: { sha256: string } }[];
  };
  expect(m.siblings.map((s) => s.rfilename).sort()).toEqual(["README.md", "config.json", "model.safetensors"]);
  expect(m.cardData).toMatchObject({ license: "apache-2.0", library_name: "xgboost" });
  const weights = m.siblings.find((s) => s.rfilename === "model.safetensors")!;

  const url = "/acme/fraud-detector/resolve/main/model.safetensors";
  const head = await request.head(url, { maxRedirects: 0 });
  expect(head.headers()["x-repo-commit"]).toBe(m.sha);
  expect(head.headers()["x-linked-etag"]).toBe(`"${weights.lfs.sha256}"`);
  expect(head.headers()["x-linked-size"]).toBe(String(weights.size));
  if (onS3()) {
    expect(head.status()).toBe(302);
    expect(head.headers().location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.*X-Amz-Signature=/);
  } else {
    expect(head.status()).toBe(200);
  }
  const body = await (await request.get(url)).body();
  expect(body.length).toBe(weights.size);
  expect(sha(body)).toBe(weights.lfs.sha256);
  const n = Number(body.readBigUInt64LE(0));
  expect(JSON.parse(body.subarray(8, 8 + n).toString("utf8"))["classifier.weight"]).toMatchObject({ dtype: "F32", shape: [1, 212] });
  const ranged = await request.get(url, { headers: { range: "bytes=0-7" } });
  expect(ranged.status()).toBe(206);
  expect((await ranged.body()).equals(body.subarray(0, 8))).toBe(true);
});
