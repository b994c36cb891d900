// Whether uploads may go straight to the bucket, and where the bucket answers a browser: pure functions of the
// environment, so the proxy's Content-Security-Policy (lib/security-headers.ts) and the registry read one rule.
type Env = Record<string, string | undefined>;

/** MODELREG_S3_DIRECT_UPLOAD: "0"/"false" sends uploads through the app on S3 too. Default on. */
export function directUploadsEnabled(env: Env = process.env): boolean {
  const v = (env.MODELREG_S3_DIRECT_UPLOAD ?? "").trim().toLowerCase();
  return !(v === "0" || v === "false" || v === "off" || v === "no");
}

/**
 * The origin of the bucket's presigned URLs (what a browser PUTs to), or null when uploads do not go to a bucket
 * (no `s3://` STORAGE_URL, or direct uploads off). Derived as the AWS SDK builds them (lib/storage/index.ts
 * configures the client from the same variables; security-headers.test.ts checks this against real presigned
 * URLs): with S3_ENDPOINT, its origin (path style, the default with an endpoint) or `<bucket>.<host>` when
 * S3_FORCE_PATH_STYLE=false; without one, AWS's regional endpoint, `https://<bucket>.s3.<region>.amazonaws.com`
 * (virtual host) or `https://s3.<region>.amazonaws.com` (path style, or a bucket name with dots, which the SDK
 * never puts in a TLS host name).
 */
export function bucketOrigin(env: Env = process.env): string | null {
  const url = env.STORAGE_URL ?? "";
  if (!url.startsWith("s3://") || !directUploadsEnabled(env)) return null;
  let bucket: string;
  try {
    bucket = new URL(url).hostname;
  } catch {
    return null;
  }
  if (!bucket) return null;
  const ps = env.S3_FORCE_PATH_STYLE;
  const forced = ps === undefined ? undefined : ps !== "false" && ps !== "0";
  if (env.S3_ENDPOINT) {
    let e: URL;
    try {
      e = new URL(env.S3_ENDPOINT);
    } catch {
      return null;
    }
    return (forced ?? true) ? e.origin : `${e.protocol}//${bucket}.${e.host}`;
  }
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || "us-east-1";
  return forced || bucket.includes(".") ? `https://s3.${region}.amazonaws.com` : `https://${bucket}.s3.${region}.amazonaws.com`;
}
