// Fixtures for the Hugging Face surface's tests: a test database serving the route table, a blob store in a
// temporary folder, an organization with one user per role (and an outsider), a public and a private model
// with versions in several stages and real files, and a token for each user.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { organizations, projects, versions, type Stage } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { addMember, makeOrg, makeUser } from "@/lib/testing/fixtures";
import { useDbForRoutes } from "@/lib/api/route-testing";
import type { UserActor } from "@/lib/registry/actor";
import { uploadFile } from "@/lib/registry/files";
import { createToken } from "@/lib/registry/tokens";
import { startS3TestServer, type S3TestServer } from "@/lib/storage/s3-test-server";

export type HfWorld = {
  t: TestDb;
  org: string;
  users: Record<"owner" | "admin" | "member" | "viewer" | "outsider", UserActor>;
  /** Modelreg tokens (mr_…); Hugging Face clients send them as `hf_` + token. */
  tokens: Record<"owner" | "admin" | "member" | "viewer" | "outsider", string>;
  hfTokens: Record<"owner" | "admin" | "member" | "viewer" | "outsider", string>;
  blobRoot: string;
  /** Which blob store the world runs on (STORAGE_URL): the local folder, or S3 (s3rver on loopback). */
  store: "local" | "s3";
  /** How many distinct blobs the store holds. */
  blobs(): number;
  close(): Promise<void>;
};

export async function buildHfWorld(prefix: string, store: "local" | "s3" = "local"): Promise<HfWorld> {
  const t = await createTestDb();
  useDbForRoutes(t.db);
  const sandbox = fs.mkdtempSync(path.join(os.tmpdir(), "modelreg-hf-"));
  process.env.MODELREG_DATA_DIR = path.join(sandbox, "data");
  delete process.env.STORAGE_URL;
  let s3: S3TestServer | null = null;
  if (store === "s3") {
    s3 = await startS3TestServer("modelreg-hf");
    Object.assign(process.env, {
      STORAGE_URL: `s3://${s3.bucket}/blobs`,
      S3_ENDPOINT: s3.endpoint,
      AWS_ACCESS_KEY_ID: "S3RVER",
      AWS_SECRET_ACCESS_KEY: "S3RVER",
      AWS_REGION: "us-east-1",
    });
  }
  const blobRoot = path.join(sandbox, "data", "blobs");
  const names = ["owner", "admin", "member", "viewer", "outsider"] as const;
  const users = {} as HfWorld["users"];
  for (const n of names) users[n] = await makeUser(t.db, `${prefix}-${n}`);
  const org = `${prefix}-org`;
  const orgId = await makeOrg(t.db, org, users.owner);
  await addMember(t.db, orgId, users.admin, "admin");
  await addMember(t.db, orgId, users.member, "member");
  await addMember(t.db, orgId, users.viewer, "viewer");
  const tokens = {} as HfWorld["tokens"];
  const hfTokens = {} as HfWorld["hfTokens"];
  for (const n of names) {
    tokens[n] = (await createToken(t.db, users[n], { name: "hf tests" })).token;
    hfTokens[n] = `hf_${tokens[n]}`;
  }
  return {
    t,
    org,
    users,
    tokens,
    hfTokens,
    blobRoot,
    store,
    blobs: () => distinctBlobs(s3 ? s3.files().filter((f) => !f.includes("_S3rver_uploads")) : listFiles(blobRoot)),
    close: async () => {
      await t.close();
      await s3?.close();
      fs.rmSync(sandbox, { recursive: true, force: true });
    },
  };
}

export async function makeModel(w: HfWorld, name: string, opts: { isPublic: boolean; readme?: string; tags?: string[] }): Promise<number> {
  const [org] = await w.t.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, w.org)).limit(1);
  const [p] = await w.t.db
    .insert(projects)
    .values({
      orgId: org.id,
      name,
      isPublic: opts.isPublic,
      readme: opts.readme ?? "",
      tags: opts.tags ?? [],
      settings: { protectedStages: ["production"], exclusiveStages: ["production"] },
    })
    .returning({ id: projects.id });
  return p.id;
}

/** A version with files (uploaded through the registry), then moved to `stage` (created_at spaced by `at`). */
export async function makeVersionWithFiles(
  w: HfWorld,
  projectId: number,
  model: string,
  name: string,
  filesIn: Record<string, string | Buffer>,
  opts: { stage?: Stage; createdAt?: Date; metaInfo?: Record<string, unknown>; readme?: string } = {},
): Promise<number> {
  const [v] = await w.t.db
    .insert(versions)
    .values({ projectId, name, metaInfo: opts.metaInfo ?? {}, readme: opts.readme ?? "", ...(opts.createdAt ? { createdAt: opts.createdAt } : {}) })
    .returning({ id: versions.id });
  for (const [p, content] of Object.entries(filesIn)) {
    const buf = Buffer.isBuffer(content) ? content : Buffer.from(content);
    await uploadFile(w.t.db, w.users.owner, {
      owner: w.org,
      project: model,
      kind: "model",
      version: name,
      path: p,
      body: (async function* () {
        yield new Uint8Array(buf);
      })(),
      contentLength: buf.length,
    });
  }
  if (opts.stage) await w.t.db.update(versions).set({ stage: opts.stage }).where(eq(versions.id, v.id));
  return v.id;
}

function listFiles(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);
}

/** Blobs are stored under their sha256: the distinct hashes among the store's file names. */
function distinctBlobs(names: string[]): number {
  const seen = new Set<string>();
  for (const n of names) {
    const m = /(?:^|\/)([0-9a-f]{64})(?:\._S3rver_object)?$/.exec(n);
    if (m) seen.add(m[1]);
  }
  return seen.size;
}
