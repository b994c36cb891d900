// Teams: create, rename, describe, delete; members with a team role; who may do each.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { projectTeams, teams } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { buildAccessWorld } from "@/lib/testing/access-world";
import { makeTeam, makeUser } from "@/lib/testing/fixtures";
import { anonymous } from "./actor";
import { loadProjectAccess } from "./access";
import { ConflictError, ForbiddenError, InvalidError, NotFoundError, UnauthorizedError } from "./errors";
import { listOrgActivity } from "./org-activity";
import { createTeam, deleteTeam, getTeam, listTeams, removeTeamMember, setTeamMember, updateTeam } from "./teams";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.close());

let seq = 0;
const fresh = async () => buildAccessWorld(t.db, `tm${++seq}`);
const page = { limit: 50, offset: 0 };

describe("teams", () => {
  it("a manager creates, describes, renames and deletes a team; each change is recorded", async () => {
    const w = await fresh();
    expect(await createTeam(t.db, w.actors.manager, w.org, { name: " ML-Platform ", description: "Serving" })).toMatchObject({
      name: "ml-platform",
      description: "Serving",
      membersCount: 0,
    });
    expect(await updateTeam(t.db, w.actors.owner, w.org, "ml-platform", { description: "Serving and infra" })).toMatchObject({
      description: "Serving and infra",
    });
    expect((await updateTeam(t.db, w.actors.manager, w.org, "ml-platform", { name: "platform" })).name).toBe("platform");
    await expect(getTeam(t.db, w.actors.owner, w.org, "ml-platform")).rejects.toBeInstanceOf(NotFoundError);
    await deleteTeam(t.db, w.actors.manager, w.org, "platform");
    await expect(getTeam(t.db, w.actors.owner, w.org, "platform")).rejects.toBeInstanceOf(NotFoundError);
    const log = await listOrgActivity(t.db, w.actors.owner, w.org, { limit: 4, offset: 0 });
    expect(log.rows.map((r) => r.verb)).toEqual(["team.deleted", "team.renamed", "team.updated", "team.created"]);
    expect(log.rows[1].details).toEqual({ changes: { name: { from: "ml-platform", to: "platform" } } });
  });

  it("refuses a duplicate, a bad or reserved name", async () => {
    const w = await fresh();
    const dup = await createTeam(t.db, w.actors.owner, w.org, { name: "t" }).catch((e) => e);
    expect(dup).toBeInstanceOf(ConflictError);
    expect(dup.fieldErrors.name).toBeDefined();
    await createTeam(t.db, w.actors.owner, w.org, { name: "other" });
    await expect(updateTeam(t.db, w.actors.owner, w.org, "other", { name: "t" })).rejects.toBeInstanceOf(ConflictError);
    for (const name of ["", "new", "Has Space", "-x", "a".repeat(40)]) {
      const err = await createTeam(t.db, w.actors.owner, w.org, { name }).catch((e) => e);
      expect(err, name).toBeInstanceOf(InvalidError);
    }
  });

  it("the same team name may exist in another organization", async () => {
    const a = await fresh();
    const b = await fresh();
    await createTeam(t.db, a.actors.owner, a.org, { name: "shared" });
    await createTeam(t.db, b.actors.owner, b.org, { name: "shared" });
    expect((await listTeams(t.db, b.actors.viewer, b.org, page)).rows.map((r) => r.name)).toEqual(["shared", "t"]);
  });

  it.each(["admin", "member", "viewer", "teamAdmin", "outsider", "outsiderGranted", "anonymous"] as const)(
    "%s may not create, change or delete teams",
    async (who) => {
      const w = await fresh();
      const err = who === "anonymous" ? UnauthorizedError : ForbiddenError;
      const actor = w.actors[who];
      await expect(createTeam(t.db, actor, w.org, { name: "nope" })).rejects.toBeInstanceOf(err);
      await expect(updateTeam(t.db, actor, w.org, "t", { description: "changed" })).rejects.toBeInstanceOf(err);
      await expect(deleteTeam(t.db, actor, w.org, "t")).rejects.toBeInstanceOf(err);
      await expect(setTeamMember(t.db, actor, w.org, "t", w.users.member.username, { role: "admin" })).rejects.toBeInstanceOf(err);
      await expect(removeTeamMember(t.db, actor, w.org, "t", w.users.teamAdmin.username)).rejects.toBeInstanceOf(err);
      const team = await getTeam(t.db, w.actors.owner, w.org, "t");
      expect(team.description).toBe("");
      expect(team.members.map((m) => [m.username, m.role])).toEqual([
        [w.users.teamAdmin.username, "admin"],
        [w.users.teamMember.username, "member"],
        [w.users.teamViewer.username, "viewer"],
      ]);
      expect((await t.db.select().from(teams).where(eq(teams.orgId, w.orgId))).map((x) => x.name)).toEqual(["t"]);
    },
  );

  it("members of the organization read teams; others may not", async () => {
    const w = await fresh();
    expect((await listTeams(t.db, w.actors.viewer, w.org, page)).rows).toEqual([expect.objectContaining({ name: "t", membersCount: 3 })]);
    expect((await getTeam(t.db, w.actors.member, w.org, "t")).members).toHaveLength(3);
    await expect(listTeams(t.db, w.actors.outsider, w.org, page)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getTeam(t.db, w.actors.outsiderGranted, w.org, "t")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getTeam(t.db, anonymous, w.org, "t")).rejects.toBeInstanceOf(UnauthorizedError);
    // a missing team is not told apart from a hidden one for outsiders: the permission comes first
    await expect(getTeam(t.db, w.actors.outsider, w.org, "nope")).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("team members", () => {
  it("adds a member of the organization with a role, changes it, removes it — and access follows", async () => {
    const w = await fresh();
    await expect(loadProjectAccess(t.db, w.actors.member, w.org, "restricted")).rejects.toBeInstanceOf(NotFoundError);
    const added = await setTeamMember(t.db, w.actors.manager, w.org, "t", w.users.member.username, { role: "viewer" });
    expect(added).toMatchObject({ created: true, member: { username: w.users.member.username, role: "viewer" } });
    expect((await loadProjectAccess(t.db, w.actors.member, w.org, "restricted")).role).toBe("viewer");
    const changed = await setTeamMember(t.db, w.actors.manager, w.org, "t", w.users.member.username, { role: "admin" });
    expect(changed).toMatchObject({ created: false, member: { role: "admin" } });
    expect((await loadProjectAccess(t.db, w.actors.member, w.org, "restricted")).role).toBe("admin");
    await removeTeamMember(t.db, w.actors.manager, w.org, "t", w.users.member.username);
    await expect(loadProjectAccess(t.db, w.actors.member, w.org, "restricted")).rejects.toBeInstanceOf(NotFoundError);
    const log = await listOrgActivity(t.db, w.actors.owner, w.org, { limit: 3, offset: 0 });
    expect(log.rows.map((r) => r.verb)).toEqual(["team.member_removed", "team.member_role_changed", "team.member_added"]);
    expect(log.rows[1].details).toMatchObject({ team: "t", from: "viewer", to: "admin" });
  });

  it("the role defaults to member; an unchanged role records nothing", async () => {
    const w = await fresh();
    expect((await setTeamMember(t.db, w.actors.owner, w.org, "t", w.users.viewer.username, {})).member.role).toBe("member");
    const before = (await listOrgActivity(t.db, w.actors.owner, w.org, page)).count;
    await setTeamMember(t.db, w.actors.owner, w.org, "t", w.users.viewer.username, { role: "member" });
    expect((await listOrgActivity(t.db, w.actors.owner, w.org, page)).count).toBe(before);
  });

  it("refuses someone outside the organization, an unknown user or team, a bad role", async () => {
    const w = await fresh();
    const stranger = await makeUser(t.db, `tm${seq}-stranger`);
    const err = await setTeamMember(t.db, w.actors.owner, w.org, "t", stranger.username, { role: "member" }).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidError);
    expect(err.message).toMatch(/not a member/);
    await expect(setTeamMember(t.db, w.actors.owner, w.org, "t", "ghost-user", {})).rejects.toBeInstanceOf(InvalidError);
    await expect(setTeamMember(t.db, w.actors.owner, w.org, "nope", w.users.member.username, {})).rejects.toBeInstanceOf(NotFoundError);
    await expect(setTeamMember(t.db, w.actors.owner, w.org, "t", w.users.member.username, { role: "owner" as never })).rejects.toBeInstanceOf(InvalidError);
    await expect(removeTeamMember(t.db, w.actors.owner, w.org, "t", w.users.member.username)).rejects.toBeInstanceOf(NotFoundError);
    expect((await getTeam(t.db, w.actors.owner, w.org, "t")).members).toHaveLength(3);
  });

  it("a team that alone restricts a model cannot be deleted (it would open the model to everyone in the org)", async () => {
    const w = await fresh();
    const err = await deleteTeam(t.db, w.actors.owner, w.org, "t").catch((e) => e);
    expect(err).toBeInstanceOf(InvalidError);
    expect(err.message).toMatch(/restricted/);
    await expect(loadProjectAccess(t.db, w.actors.member, w.org, "restricted")).rejects.toBeInstanceOf(NotFoundError);
    // restricted to a second team as well (both models `t` restricts): deleting `t` leaves the other restriction in place
    const other = await makeTeam(t.db, w.orgId, "other");
    await t.db.insert(projectTeams).values([
      { projectId: w.projectIds.restricted, teamId: other },
      { projectId: w.projectIds["public-restricted"], teamId: other },
    ]);
    await deleteTeam(t.db, w.actors.owner, w.org, "t");
    expect((await t.db.select().from(projectTeams).where(eq(projectTeams.projectId, w.projectIds.restricted))).map((r) => r.teamId)).toEqual([other]);
    await expect(loadProjectAccess(t.db, w.actors.member, w.org, "restricted")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("deleting a team asks for its name when confirming", async () => {
    const w = await fresh();
    await createTeam(t.db, w.actors.owner, w.org, { name: "spare" });
    const err = await deleteTeam(t.db, w.actors.owner, w.org, "spare", { confirmName: "nope" }).catch((e) => e);
    expect(err.fieldErrors.confirm).toBeDefined();
    await deleteTeam(t.db, w.actors.owner, w.org, "spare", { confirmName: "SPARE" });
    await expect(getTeam(t.db, w.actors.owner, w.org, "spare")).rejects.toBeInstanceOf(NotFoundError);
  });
});
