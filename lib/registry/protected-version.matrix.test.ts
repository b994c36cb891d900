// A version in a protected stage is read-only (the rule lands on the `leaks` branch): for a project admin,
// changing its contents (meta_info, content, name, run reference, artifacts, connection, files, a forced
// re-registration) is a 409 Conflict; for a member any update of it — description, tags and readme included —
// is a 403 Forbidden; an admin may still edit its description, tags and readme, move its stage, delete,
// transfer and copy it. Every actor × every model of the access world, on a version in `production`
// (protected by default). Expectations are written out by hand per role below, never read from lib/authz.ts.
// Writes run in a transaction that is rolled back, so every case sees the same world.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "@/db";
import { ACTOR_NAMES, EXPECTED_ROLE, PROJECT_NAMES, buildAccessWorld, type AccessWorld, type ActorName, type ProjectName } from "@/lib/testing/access-world";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import type { ProjectRole } from "@/lib/authz";
import { ConflictError, ForbiddenError, NotFoundError, UnauthorizedError } from "./errors";
import { deleteFile, uploadFile } from "./files";
import { createRun } from "./runs";
import { changeStage, copyVersion, transferVersion } from "./stages";
import { deleteVersion, getVersion, registerVersion, updateVersion } from "./versions";

let t: TestDb;
let w: AccessWorld;
let sandbox: string;
const runUuid = {} as Record<ProjectName, string>;
const FILE = "weights/model.bin";
async function* bytes(b: Buffer) {
  yield new Uint8Array(b);
}

beforeAll(async () => {
  sandbox = fs.mkdtempSync(path.join(os.tmpdir(), "modelreg-protected-"));
  process.env.MODELREG_DATA_DIR = path.join(sandbox, "data");
  delete process.env.STORAGE_URL;
  t = await createTestDb();
  w = await buildAccessWorld(t.db, "pv");
  const owner = w.actors.owner;
  for (const p of PROJECT_NAMES) {
    await registerVersion(t.db, owner, w.org, p, "model", { name: "prod", description: "in production", meta_info: { metrics: { acc: 0.9 } } });
    const weights = Buffer.from(`weights of ${p}`);
    await uploadFile(t.db, owner, {
      owner: w.org,
      project: p,
      kind: "model",
      version: "prod",
      path: FILE,
      body: bytes(weights),
      contentLength: weights.length,
      contentType: "application/octet-stream",
    });
    await changeStage(t.db, owner, w.org, p, "model", "prod", { condition: { type: "production" } });
    // one to transfer: its name is free in every partner
    await registerVersion(t.db, owner, w.org, p, "model", { name: `mover-${p}` });
    await changeStage(t.db, owner, w.org, p, "model", `mover-${p}`, { condition: { type: "production" } });
    runUuid[p] = (await createRun(t.db, owner, w.org, p, { name: "r" })).run.uuid;
  }
}, 180_000);
afterAll(async () => {
  await t?.close();
  if (sandbox) fs.rmSync(sandbox, { recursive: true, force: true });
});

class Rollback extends Error {
  constructor(readonly value: unknown) {
    super("rollback");
  }
}
async function attempt(fn: (db: DB) => Promise<unknown>): Promise<unknown> {
  try {
    await t.db.transaction(async (tx) => {
      throw new Rollback(await fn(tx as unknown as DB));
    });
  } catch (e) {
    return e instanceof Rollback ? e.value : e;
  }
  return undefined;
}

type Cell = "ok" | 403 | 409;
/** What each project role gets, by hand. A signed-out reader gets 401 where a viewer gets 403; no role is 404. */
const ACTIONS: [string, Record<ProjectRole, Cell>, (db: DB, a: ActorName, p: ProjectName) => Promise<unknown>][] = [
  [
    "edit the description",
    { viewer: 403, member: 403, admin: "ok" },
    (db, a, p) => updateVersion(db, w.actors[a], w.org, p, "model", "prod", { description: "new words" }),
  ],
  ["edit the tags", { viewer: 403, member: 403, admin: "ok" }, (db, a, p) => updateVersion(db, w.actors[a], w.org, p, "model", "prod", { tags: ["x"] })],
  ["edit the readme", { viewer: 403, member: 403, admin: "ok" }, (db, a, p) => updateVersion(db, w.actors[a], w.org, p, "model", "prod", { readme: "# new" })],
  [
    "change meta_info",
    { viewer: 403, member: 403, admin: 409 },
    (db, a, p) => updateVersion(db, w.actors[a], w.org, p, "model", "prod", { meta_info: { metrics: { acc: 1 } } }),
  ],
  ["change content", { viewer: 403, member: 403, admin: 409 }, (db, a, p) => updateVersion(db, w.actors[a], w.org, p, "model", "prod", { content: "{}" })],
  ["rename", { viewer: 403, member: 403, admin: 409 }, (db, a, p) => updateVersion(db, w.actors[a], w.org, p, "model", "prod", { name: "renamed" })],
  [
    "change artifacts",
    { viewer: 403, member: 403, admin: 409 },
    (db, a, p) => updateVersion(db, w.actors[a], w.org, p, "model", "prod", { artifacts: ["model"] }),
  ],
  [
    "change the connection",
    { viewer: 403, member: 403, admin: 409 },
    (db, a, p) => updateVersion(db, w.actors[a], w.org, p, "model", "prod", { connection: "s3" }),
  ],
  [
    "description and meta_info at once",
    { viewer: 403, member: 403, admin: 409 },
    (db, a, p) => updateVersion(db, w.actors[a], w.org, p, "model", "prod", { description: "d", meta_info: {} }),
  ],
  [
    "force re-register",
    { viewer: 403, member: 403, admin: 409 },
    (db, a, p) => registerVersion(db, w.actors[a], w.org, p, "model", { name: "prod", force: true, meta_info: { metrics: { acc: 0 } } }),
  ],
  [
    "force re-register with a run reference",
    { viewer: 403, member: 403, admin: 409 },
    (db, a, p) => registerVersion(db, w.actors[a], w.org, p, "model", { name: "prod", force: true, run: runUuid[p] }),
  ],
  [
    "upload a file",
    { viewer: 403, member: 403, admin: 409 },
    (db, a, p) =>
      uploadFile(db, w.actors[a], {
        owner: w.org,
        project: p,
        kind: "model",
        version: "prod",
        path: "new.txt",
        body: bytes(Buffer.from("x")),
        contentLength: 1,
        contentType: "text/plain",
      }),
  ],
  [
    "replace a file",
    { viewer: 403, member: 403, admin: 409 },
    (db, a, p) =>
      uploadFile(db, w.actors[a], {
        owner: w.org,
        project: p,
        kind: "model",
        version: "prod",
        path: FILE,
        body: bytes(Buffer.from("y")),
        contentLength: 1,
        contentType: "text/plain",
      }),
  ],
  [
    "delete a file",
    { viewer: 403, member: 403, admin: 409 },
    (db, a, p) => deleteFile(db, w.actors[a], { owner: w.org, project: p, kind: "model", version: "prod", path: FILE }),
  ],
  [
    "move it out of production",
    { viewer: 403, member: 403, admin: "ok" },
    (db, a, p) => changeStage(db, w.actors[a], w.org, p, "model", "prod", { condition: { type: "staging" } }),
  ],
  ["delete it", { viewer: 403, member: 403, admin: "ok" }, (db, a, p) => deleteVersion(db, w.actors[a], w.org, p, "model", "prod")],
  [
    "copy it within its model",
    { viewer: 403, member: 403, admin: "ok" },
    (db, a, p) => copyVersion(db, w.actors[a], w.org, p, "model", "prod", { project: p, name: "prod-copy" }),
  ],
];

/** Transfer targets where every admin of the source is admin too (written out): owner-level actors only differ. */
const PARTNER: Record<ProjectName, ProjectName> = {
  public: "private",
  private: "public",
  restricted: "public-restricted",
  "public-restricted": "restricted",
  granted: "private",
  "public-granted": "public",
};

function check(result: unknown, a: ActorName, p: ProjectName, cells: Record<ProjectRole, Cell>) {
  const role = EXPECTED_ROLE[a][p];
  if (role === null) return expect(result).toBeInstanceOf(NotFoundError);
  const want = cells[role];
  if (want === "ok") return expect(result).not.toBeInstanceOf(Error);
  if (want === 409) return expect(result).toBeInstanceOf(ConflictError);
  expect(result).toBeInstanceOf(a === "anonymous" ? UnauthorizedError : ForbiddenError);
}

const cases = ACTOR_NAMES.flatMap((a) => PROJECT_NAMES.map((p) => [a, p] as const));

for (const [action, cells, run] of ACTIONS) {
  describe(`a version in production: ${action}`, () => {
    it.each(cases)("%s on %s", async (a, p) => check(await attempt((db) => run(db, a, p)), a, p, cells));
  });
}

describe("a version in production: transfer it", () => {
  // Only actors who administer both the source and its partner; the target side is version-transfer.test.ts's.
  const both = cases.filter(([a, p]) => EXPECTED_ROLE[a][p] === "admin" && EXPECTED_ROLE[a][PARTNER[p]] === "admin");
  it.each(both)("%s from %s", async (a, p) => {
    const result = await attempt((db) => transferVersion(db, w.actors[a], w.org, p, "model", `mover-${p}`, { project: PARTNER[p] }));
    expect(result).not.toBeInstanceOf(Error);
  });
  const refused = cases.filter(([a, p]) => EXPECTED_ROLE[a][p] !== "admin");
  it.each(refused)("%s from %s is refused", async (a, p) => {
    const result = await attempt((db) => transferVersion(db, w.actors[a], w.org, p, "model", `mover-${p}`, { project: PARTNER[p] }));
    check(result, a, p, { viewer: 403, member: 403, admin: "ok" });
  });
});

describe("the world is unchanged", () => {
  it("every seeded version is still in production with its metadata and its file", async () => {
    for (const p of PROJECT_NAMES) {
      const r = await getVersion(t.db, w.actors.owner, w.org, p, "model", "prod");
      expect(r.version).toMatchObject({ name: "prod", stage: "production", description: "in production", metaInfo: { metrics: { acc: 0.9 } } });
    }
  });
});
