// Start-up: open and migrate the database, seed the demo data when asked, print how to sign in.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { users } from "@/db/schema";
import { dataDir, isEmbedded } from "@/db/config";

const globalForBoot = globalThis as unknown as { __modelregBoot?: Promise<void> };

/**
 * Once per process, however many copies of this module are loaded: the server (server/main.ts) boots before it
 * listens, and Next's instrumentation hook calls it again from Next's own bundle, which then finds it done.
 */
export function boot(): Promise<void> {
  globalForBoot.__modelregBoot ??= bootOnce().catch((err) => {
    globalForBoot.__modelregBoot = undefined;
    throw err;
  });
  return globalForBoot.__modelregBoot;
}

async function bootOnce(): Promise<void> {
  const { getDb } = await import("@/db");
  const { seedDemo, DEMO_USERS } = await import("@/lib/seed");
  const port = process.env.PORT || "3000";
  process.env.NEXTAUTH_URL ||= `http://localhost:${port}`;
  const db = await getDb();
  const mode = process.env.MODELREG_SEED || (isEmbedded() ? "demo" : "none");
  const lines = [
    `Modelreg is ready on http://localhost:${port}  (database: ${isEmbedded() ? `embedded, ${path.join(dataDir(), "db")}` : "PostgreSQL server"})`,
  ];
  if (mode === "demo") {
    const passwordFile = path.join(dataDir(), "demo-password");
    let password = process.env.MODELREG_DEMO_PASSWORD || "";
    const fresh = password || crypto.randomBytes(9).toString("base64url");
    // Instances that start together on one empty database seed it once: the check and the seed run under a
    // transaction-scoped advisory lock, so the second instance waits and then finds the demo there.
    const seeded = await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(727275)`);
      if ((await tx.select({ id: users.id }).from(users).limit(1)).length) return false;
      await seedDemo(tx, fresh);
      return true;
    });
    if (seeded) {
      if (!password) {
        password = fresh;
        if (isEmbedded()) {
          fs.mkdirSync(dataDir(), { recursive: true });
          fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
        }
      }
      lines.push("Seeded the demo data (organization acme).");
    } else if (!password && fs.existsSync(passwordFile)) {
      password = fs.readFileSync(passwordFile, "utf8").trim();
    }
    if (password) {
      lines.push(`Demo logins (password: ${password}):`);
      for (const u of DEMO_USERS) lines.push(`  ${u.username.padEnd(6)} ${u.role ? `${u.role} of acme` : "not a member of acme"}`);
    }
  }
  if (process.env.MODELREG_WEBHOOK_WORKER !== "0") {
    const { startWebhookWorker } = await import("@/lib/webhooks/worker");
    startWebhookWorker(db);
  }
  if (process.env.MODELREG_LFS_SWEEP !== "0") {
    const { startUploadSweeper } = await import("@/lib/registry/upload-sweep");
    startUploadSweeper(db);
  }
  console.log(lines.join("\n"));
}
