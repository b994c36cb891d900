// Webhook signing secrets: generated here, shown once, stored encrypted (AES-256-GCM) under a key derived
// from the session secret (NEXTAUTH_SECRET, or the generated one in the data dir). They must be recoverable
// by the server to sign deliveries, so a hash would not do; encryption keeps a database dump alone from
// yielding them. Changing NEXTAUTH_SECRET makes the stored secrets unreadable: rotate each hook's secret then.
import "server-only";
import crypto from "node:crypto";
import { sessionSecret } from "@/lib/auth/secret";

let cachedKey: { from: string; key: Buffer } | undefined;
function key(): Buffer {
  const from = sessionSecret();
  if (cachedKey?.from !== from) {
    cachedKey = { from, key: Buffer.from(crypto.hkdfSync("sha256", from, "modelreg", "webhook-secret-v1", 32)) };
  }
  return cachedKey.key;
}

export function generateWebhookSecret(): string {
  return `whsec_${crypto.randomBytes(32).toString("base64url")}`;
}

export function encryptSecret(secret: string): string {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv("aes-256-gcm", key(), iv);
  const ct = Buffer.concat([c.update(secret, "utf8"), c.final()]);
  return `v1:${Buffer.concat([iv, c.getAuthTag(), ct]).toString("base64url")}`;
}

export function decryptSecret(stored: string): string {
  if (!stored.startsWith("v1:")) throw new Error("unknown webhook secret format");
  const raw = Buffer.from(stored.slice(3), "base64url");
  const d = crypto.createDecipheriv("aes-256-gcm", key(), raw.subarray(0, 12));
  d.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString("utf8");
}

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`, the X-Modelreg-Signature-256 header. */
export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `sha256=${crypto.createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}
