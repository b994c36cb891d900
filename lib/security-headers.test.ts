import { afterEach, describe, expect, it, vi } from "vitest";
import { blobStoreFromUrl, type BlobStore } from "@/lib/storage";
import { bucketOrigin } from "@/lib/storage/direct-upload-config";
import { connectOrigins, contentSecurityPolicy } from "./security-headers";

const BASE = [
  "default-src 'self'",
  "script-src 'self' 'nonce-N' 'strict-dynamic'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];

describe("contentSecurityPolicy", () => {
  it("is the fixed policy without extra origins", () => {
    expect(contentSecurityPolicy("N")).toBe(BASE.join("; "));
    expect(contentSecurityPolicy("N", true)).toContain("'strict-dynamic' 'unsafe-eval';");
  });

  it("adds the bucket's origin to connect-src only, the rest unchanged", () => {
    const csp = contentSecurityPolicy("N", false, ["http://127.0.0.1:9000"]);
    expect(csp).toBe(BASE.map((d) => (d === "connect-src 'self'" ? "connect-src 'self' http://127.0.0.1:9000" : d)).join("; "));
  });
});

describe("connectOrigins", () => {
  it("is empty for a local store or with direct uploads off", () => {
    expect(connectOrigins({})).toEqual([]);
    expect(connectOrigins({ STORAGE_URL: "file:///srv/blobs" })).toEqual([]);
    expect(connectOrigins({ STORAGE_URL: "s3://b/p", S3_ENDPOINT: "http://127.0.0.1:9000", MODELREG_S3_DIRECT_UPLOAD: "0" })).toEqual([]);
  });

  it("is the endpoint's origin with S3_ENDPOINT", () => {
    expect(connectOrigins({ STORAGE_URL: "s3://b/p", S3_ENDPOINT: "http://127.0.0.1:9000/some/path" })).toEqual(["http://127.0.0.1:9000"]);
  });
});

describe("bucketOrigin", () => {
  afterEach(() => vi.unstubAllEnvs());
  // The origin must be the one the SDK actually presigns for: compare with a real presigned URL (no network).
  const presigned = async (env: Record<string, string>) => {
    vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "secret");
    const store: BlobStore = blobStoreFromUrl(env.STORAGE_URL, env);
    return new URL(await (store.staged as NonNullable<BlobStore["staged"]>).presignPut("m/1/abc", 3, 60)).origin;
  };

  const cases: Record<string, string>[] = [
    { STORAGE_URL: "s3://models/blobs", S3_ENDPOINT: "http://127.0.0.1:9000" },
    { STORAGE_URL: "s3://models/blobs", S3_ENDPOINT: "https://minio.example.com:9443", S3_FORCE_PATH_STYLE: "true" },
    { STORAGE_URL: "s3://models/blobs", S3_ENDPOINT: "https://storage.example.com", S3_FORCE_PATH_STYLE: "false" },
    { STORAGE_URL: "s3://models/blobs" },
    { STORAGE_URL: "s3://models/blobs", AWS_REGION: "eu-west-3" },
    { STORAGE_URL: "s3://models/blobs", AWS_DEFAULT_REGION: "ap-south-1", S3_FORCE_PATH_STYLE: "1" },
    { STORAGE_URL: "s3://my.dotted.bucket/blobs", AWS_REGION: "us-west-2" },
  ];
  for (const env of cases) {
    it(`matches the SDK's presigned URL for ${JSON.stringify(env)}`, async () => {
      expect(bucketOrigin(env)).toBe(await presigned(env));
    });
  }
});
