// The organization's activity log keeps a deleted model's rows as private as the model was.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { buildAccessWorld, type AccessWorld, type ActorName } from "@/lib/testing/access-world";
import { recordActivity } from "./activity";
import { listOrgActivity } from "./org-activity";
import { deleteProject } from "./projects";
import { registerVersion } from "./versions";

let t: TestDb;
let seq = 0;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.close());

const page = { limit: 100, offset: 0 };
const fresh = () => buildAccessWorld(t.db, `oa${++seq}`);
const seen = async (w: AccessWorld, who: ActorName) => (await listOrgActivity(t.db, w.actors[who], w.org, page)).rows;

describe("activity of a deleted model", () => {
  it("stays hidden from members who could not see it, and shown to its team, org admins and owners, by name", async () => {
    const w = await fresh();
    await registerVersion(t.db, w.actors.owner, w.org, "restricted", "model", { name: "secret-v1" });
    await registerVersion(t.db, w.actors.owner, w.org, "private", "model", { name: "open-v1" });
    await deleteProject(t.db, w.actors.owner, w.org, "restricted");
    await deleteProject(t.db, w.actors.owner, w.org, "private");
    const about = (rows: Awaited<ReturnType<typeof seen>>, name: string) => rows.filter((r) => r.project === name || r.target.includes(name));

    // A plain member and a viewer never saw `restricted`: neither its versions nor its deletion, nor its name.
    for (const who of ["member", "viewer"] as const) {
      const rows = await seen(w, who);
      expect(about(rows, "restricted"), who).toEqual([]);
      expect(JSON.stringify(rows)).not.toContain("secret-v1");
      // `private` was open to the organization: its history stays visible.
      expect(rows.map((r) => r.target)).toEqual(expect.arrayContaining(["open-v1", `${w.org}/private`]));
    }
    // The team member who could see it, an org admin (not in its team), and the owner see it, named.
    for (const who of ["teamAdmin", "teamViewer", "admin", "owner"] as const) {
      const rows = about(await seen(w, who), "restricted");
      expect(rows.map((r) => r.verb).sort(), who).toEqual(["project.deleted", "version.registered"]);
      expect(rows.every((r) => r.project === "restricted" && r.projectDeleted)).toBe(true);
    }
  });

  it("honours the snapshot: a public model's rows stay visible; a row of a model deleted before snapshots were kept is for admins", async () => {
    const w = await fresh();
    await registerVersion(t.db, w.actors.owner, w.org, "public", "model", { name: "pub-v1" });
    await deleteProject(t.db, w.actors.owner, w.org, "public");
    expect((await seen(w, "viewer")).map((r) => r.target)).toContain("pub-v1");
    // What the migration leaves for rows that lost their project before: project_id 0.
    await recordActivity(t.db, { orgId: w.orgId, projectId: 0, actorId: w.users.owner.userId, verb: "version.registered", target: "legacy-v9" });
    expect((await seen(w, "member")).map((r) => r.target)).not.toContain("legacy-v9");
    expect((await seen(w, "admin")).map((r) => r.target)).toContain("legacy-v9");
  });

  it("counts agree with the rows; activities.project_id has no foreign key (rows outlive their project)", async () => {
    const w = await fresh();
    await registerVersion(t.db, w.actors.owner, w.org, "restricted", "model", { name: "gone" });
    await deleteProject(t.db, w.actors.owner, w.org, "restricted");
    const forMember = await listOrgActivity(t.db, w.actors.member, w.org, page);
    expect(forMember.count).toBe(forMember.rows.length);
    const forOwner = await listOrgActivity(t.db, w.actors.owner, w.org, page);
    expect(forOwner.count).toBe(forMember.count + 2);
    // The migration's backfill target exists in the schema: no foreign key refuses project_id 0.
    const fk = await t.db.execute(sql`select count(*)::int as n from information_schema.table_constraints
      where table_name = 'activities' and constraint_type = 'FOREIGN KEY' and constraint_name like '%project%'`);
    const rows = (Array.isArray(fk) ? fk : (fk as unknown as { rows: { n: number }[] }).rows) as { n: number }[];
    expect(Number(rows[0].n)).toBe(0);
  });
});
