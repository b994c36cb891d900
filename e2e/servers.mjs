// Where the e2e servers live, shared by playwright.config.ts, e2e/serve.mjs and the specs. Two instances of
// the app run on one build: the main one (blobs on local disk) and, unless E2E_S3=0, a second one whose blob
// store is S3 (s3rver on loopback), with its own database, against which the file specs run again.
import path from "node:path";

export const port = Number(process.env.E2E_PORT || 3100);
export const dataDir = path.resolve(process.env.MODELREG_DATA_DIR || ".e2e-data");
export const s3Enabled = process.env.E2E_S3 !== "0";
export const s3 = {
  appPort: port + 5,
  dataDir: `${dataDir}-s3`,
  /** s3rver's folder: objects live under `<dir>/<bucket>/<prefix>/…`, multipart parts under `<dir>/<bucket>/._S3rver_uploads`. */
  dir: `${dataDir}-s3rver`,
  bucket: "modelreg-e2e",
  prefix: "blobs",
};
/**
 * With a PostgreSQL server (DATABASE_URL) and S3, a twin of the S3 instance starts beside it — the same
 * database, the same bucket, its own data dir and port, the same session secret — so e2e/multi-instance.spec.ts
 * proves that instances behind a load balancer share everything through PostgreSQL and S3. Both start at once, so
 * their migrations race (one applies them, the other waits on the lock).
 */
export const twinEnabled = s3Enabled && Boolean(process.env.DATABASE_URL);
export const twin = { appPort: port + 6, dataDir: `${dataDir}-twin`, secret: "e2e-shared-session-secret-0123456789abcdef" };
export const baseUrl = (p) => `http://127.0.0.1:${p}`;
