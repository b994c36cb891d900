// An S3-compatible endpoint for the e2e server's S3 instance (run by e2e/serve.mjs through tsx): s3rver on
// a free loopback port, its objects in a fixed folder the specs inspect, until the process is stopped.
import fs from "node:fs";
import { startS3TestServer } from "../lib/storage/s3-test-server";

// A free port, told to the parent on stdout's first line as `ready <endpoint>`.
const directory = process.env.E2E_S3_DIR;
const bucket = process.env.E2E_S3_BUCKET || "modelreg-e2e";
if (!directory) throw new Error("E2E_S3_DIR is required");
fs.rmSync(directory, { recursive: true, force: true });
// The browser's uploader PUTs to presigned URLs from the app's page: the bucket allows that by CORS (a
// permissive rule here; the README's S3 section gives the one to set on a real bucket).
const s3 = await startS3TestServer(bucket, { directory, corsOrigins: ["*"] });
console.log(`ready ${s3.endpoint}`);
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => void s3.close().finally(() => process.exit(0)));
