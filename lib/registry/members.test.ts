// Members: add by username or email, roles, removal and leaving, the owner rules, team cleanup.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, onServer, type TestDb } from "@/db/testing/test-db";
import { buildAccessWorld, type AccessWorld } from "@/lib/testing/access-world";
import { addMember as addMemberRow, makeOrg, makeTeam, makeUser, orgRoleOf } from "@/lib/testing/fixtures";
import { openDatabase } from "@/db";
import { anonymous, type UserActor } from "./actor";
import { loadProjectAccess } from "./access";
import { recordActivity } from "./activity";
import { ConflictError, ForbiddenError, InvalidError, NotFoundError, UnauthorizedError } from "./errors";
import { addMember, changeMemberRole, leaveOrganization, listMembers, memberUsernames, removeMember } from "./members";
import { listOrgActivity } from "./org-activity";
import { getTeam } from "./teams";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.close());

let seq = 0;
const fresh = async () => buildAccessWorld(t.db, `mb${++seq}`);
const page = { limit: 100, offset: 0 };

describe("adding members", () => {
  it("adds an existing user by username or email (any case) with a role, and records it", async () => {
    const w = await fresh();
    const a = await makeUser(t.db, `mb${seq}-newa`);
    const b = await makeUser(t.db, `mb${seq}-newb`);
    const added = await addMember(t.db, w.actors.manager, w.org, { user: a.username.toUpperCase(), role: "admin" });
    expect(added).toMatchObject({ username: a.username, role: "admin", email: `${a.username}@example.test` });
    await addMember(t.db, w.actors.owner, w.org, { user: `${b.username}@EXAMPLE.test` });
    expect(await orgRoleOf(t.db, w.orgId, b.userId)).toBe("member");
    const log = await listOrgActivity(t.db, w.actors.owner, w.org, page);
    expect(log.rows.slice(0, 2).map((r) => [r.verb, r.target, r.actor, r.details.role])).toEqual([
      ["member.added", b.username, w.users.owner.username, "member"],
      ["member.added", a.username, w.users.manager.username, "admin"],
    ]);
  });

  it("refuses an unknown user, an existing member and a bad role, naming the field", async () => {
    const w = await fresh();
    const unknown = await addMember(t.db, w.actors.owner, w.org, { user: "nobody-at-all" }).catch((e) => e);
    expect(unknown).toBeInstanceOf(InvalidError);
    expect(unknown.fieldErrors.user).toBeDefined();
    const dup = await addMember(t.db, w.actors.owner, w.org, { user: w.users.viewer.username, role: "admin" }).catch((e) => e);
    expect(dup).toBeInstanceOf(ConflictError);
    expect(await orgRoleOf(t.db, w.orgId, w.users.viewer.userId)).toBe("viewer");
    const bad = await addMember(t.db, w.actors.owner, w.org, { user: w.users.outsider.username, role: "god" as never }).catch((e) => e);
    expect(bad).toBeInstanceOf(InvalidError);
    expect(bad.fieldErrors.role).toBeDefined();
  });

  it("only owners add an owner", async () => {
    const w = await fresh();
    await expect(addMember(t.db, w.actors.manager, w.org, { user: w.users.outsider.username, role: "owner" })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await orgRoleOf(t.db, w.orgId, w.users.outsider.userId)).toBeNull();
    await addMember(t.db, w.actors.manager, w.org, { user: w.users.outsider.username, role: "manager" });
    await addMember(t.db, w.actors.owner, w.org, { user: w.users.outsiderGranted.username, role: "owner" });
    expect(await orgRoleOf(t.db, w.orgId, w.users.outsiderGranted.userId)).toBe("owner");
  });
});

describe("listing members", () => {
  it("pages by username; emails only for those who manage members", async () => {
    const w = await fresh();
    const asViewer = await listMembers(t.db, w.actors.viewer, w.org, { limit: 3, offset: 0 });
    expect(asViewer.count).toBe(8);
    expect(asViewer.rows).toHaveLength(3);
    expect(asViewer.rows.every((m) => m.email === null)).toBe(true);
    const names = asViewer.rows.map((m) => m.username);
    expect(names).toEqual([...names].sort());
    const asManager = await listMembers(t.db, w.actors.manager, w.org, page);
    expect(asManager.rows.every((m) => m.email?.endsWith("@example.test"))).toBe(true);
    expect(JSON.stringify(asManager.rows)).not.toMatch(/passwordHash|\$2[aby]\$/);
  });

  it("is refused to outsiders (403) and signed-out callers (401)", async () => {
    const w = await fresh();
    await expect(listMembers(t.db, w.actors.outsider, w.org, page)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listMembers(t.db, w.actors.outsiderGranted, w.org, page)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listMembers(t.db, anonymous, w.org, page)).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(memberUsernames(t.db, w.actors.outsider, w.org)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("roles and the owner rules", () => {
  it("managers change roles below owner, including another manager's", async () => {
    const w = await fresh();
    const other = await makeUser(t.db, `mb${seq}-mgr2`);
    await addMemberRow(t.db, w.orgId, other, "manager");
    expect(await changeMemberRole(t.db, w.actors.manager, w.org, other.username, { role: "viewer" })).toMatchObject({ role: "viewer" });
    await changeMemberRole(t.db, w.actors.manager, w.org, w.users.viewer.username, { role: "admin" });
    expect(await orgRoleOf(t.db, w.orgId, w.users.viewer.userId)).toBe("admin");
    const log = await listOrgActivity(t.db, w.actors.owner, w.org, { limit: 1, offset: 0 });
    expect(log.rows[0]).toMatchObject({ verb: "member.role_changed", target: w.users.viewer.username, details: { from: "viewer", to: "admin" } });
  });

  it("managers may not promote to owner, nor demote or remove an owner", async () => {
    const w = await fresh();
    const owner2 = await makeUser(t.db, `mb${seq}-own2`);
    await addMemberRow(t.db, w.orgId, owner2, "owner");
    await expect(changeMemberRole(t.db, w.actors.manager, w.org, w.users.member.username, { role: "owner" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(changeMemberRole(t.db, w.actors.manager, w.org, owner2.username, { role: "admin" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(removeMember(t.db, w.actors.manager, w.org, owner2.username)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await orgRoleOf(t.db, w.orgId, w.users.member.userId)).toBe("member");
    expect(await orgRoleOf(t.db, w.orgId, owner2.userId)).toBe("owner");
  });

  it("admins, members and viewers may not change roles or remove anyone", async () => {
    const w = await fresh();
    for (const a of ["admin", "member", "viewer"] as const) {
      await expect(changeMemberRole(t.db, w.actors[a], w.org, w.users.viewer.username, { role: "admin" })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(
        removeMember(t.db, w.actors[a], w.org, w.users.member.username === w.users[a].username ? w.users.viewer.username : w.users.member.username),
      ).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect(await orgRoleOf(t.db, w.orgId, w.users.viewer.userId)).toBe("viewer");
    expect(await orgRoleOf(t.db, w.orgId, w.users.member.userId)).toBe("member");
  });

  it("the last owner cannot be demoted, removed or leave; with two owners one can go", async () => {
    const w = await fresh();
    const demote = await changeMemberRole(t.db, w.actors.owner, w.org, w.users.owner.username, { role: "manager" }).catch((e) => e);
    expect(demote).toBeInstanceOf(InvalidError);
    expect(demote.message).toMatch(/last owner/);
    await expect(removeMember(t.db, w.actors.owner, w.org, w.users.owner.username)).rejects.toThrow(/last owner/);
    await expect(leaveOrganization(t.db, w.actors.owner, w.org)).rejects.toBeInstanceOf(InvalidError);
    expect(await orgRoleOf(t.db, w.orgId, w.users.owner.userId)).toBe("owner");

    await changeMemberRole(t.db, w.actors.owner, w.org, w.users.manager.username, { role: "owner" });
    await changeMemberRole(t.db, w.actors.manager, w.org, w.users.owner.username, { role: "admin" });
    expect(await orgRoleOf(t.db, w.orgId, w.users.owner.userId)).toBe("admin");
    // now the former manager is the last owner
    await expect(leaveOrganization(t.db, w.actors.manager, w.org)).rejects.toThrow(/last owner/);
  });

  it("an owner may remove another owner", async () => {
    const w = await fresh();
    const owner2 = await makeUser(t.db, `mb${seq}-own2`);
    await addMemberRow(t.db, w.orgId, owner2, "owner");
    await removeMember(t.db, w.actors.owner, w.org, owner2.username);
    expect(await orgRoleOf(t.db, w.orgId, owner2.userId)).toBeNull();
  });

  it("an unknown member is 404; an unchanged role records nothing", async () => {
    const w = await fresh();
    await expect(changeMemberRole(t.db, w.actors.owner, w.org, "ghost", { role: "admin" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(removeMember(t.db, w.actors.owner, w.org, w.users.outsider.username)).rejects.toBeInstanceOf(NotFoundError);
    const before = (await listOrgActivity(t.db, w.actors.owner, w.org, page)).count;
    await changeMemberRole(t.db, w.actors.owner, w.org, w.users.viewer.username, { role: "viewer" });
    expect((await listOrgActivity(t.db, w.actors.owner, w.org, page)).count).toBe(before);
  });
});

describe("leaving and removal", () => {
  it("any member may leave; an outsider has nothing to leave", async () => {
    const w = await fresh();
    await leaveOrganization(t.db, w.actors.viewer, w.org);
    expect(await orgRoleOf(t.db, w.orgId, w.users.viewer.userId)).toBeNull();
    await expect(leaveOrganization(t.db, w.actors.outsider, w.org)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(leaveOrganization(t.db, anonymous, w.org)).rejects.toBeInstanceOf(UnauthorizedError);
    const log = await listOrgActivity(t.db, w.actors.owner, w.org, { limit: 1, offset: 0 });
    expect(log.rows[0]).toMatchObject({ verb: "member.left", target: w.users.viewer.username, actor: w.users.viewer.username });
  });

  it("removal also takes the user out of the organization's teams (and only those), so restricted models close", async () => {
    const w = await fresh();
    const otherOwner = await makeUser(t.db, `mb${seq}-elsewhere`);
    const otherOrg = await makeOrg(t.db, `mb${seq}-other`, otherOwner);
    await addMemberRow(t.db, otherOrg, w.users.teamAdmin, "member");
    await makeTeam(t.db, otherOrg, "keep", [[w.users.teamAdmin, "member"]]);
    expect((await loadProjectAccess(t.db, w.actors.teamAdmin, w.org, "restricted")).role).toBe("admin");

    await removeMember(t.db, w.actors.manager, w.org, w.users.teamAdmin.username);
    expect((await getTeam(t.db, w.actors.owner, w.org, "t")).members.map((m) => m.username)).not.toContain(w.users.teamAdmin.username);
    await expect(loadProjectAccess(t.db, w.actors.teamAdmin, w.org, "restricted")).rejects.toBeInstanceOf(NotFoundError);
    expect((await getTeam(t.db, otherOwner, `mb${seq}-other`, "keep")).members.map((m) => m.username)).toEqual([w.users.teamAdmin.username]);
  });
});

describe("activity visibility", () => {
  it("rows about a model the reader may not see are left out", async () => {
    const w = await fresh();
    await recordActivity(t.db, {
      orgId: w.orgId,
      projectId: w.projectIds.restricted,
      actorId: w.users.owner.userId,
      verb: "version.registered",
      target: "restricted/v1",
    });
    await recordActivity(t.db, {
      orgId: w.orgId,
      projectId: w.projectIds.private,
      actorId: w.users.owner.userId,
      verb: "version.registered",
      target: "private/v1",
    });
    const seen = async (who: keyof AccessWorld["actors"]) => (await listOrgActivity(t.db, w.actors[who], w.org, page)).rows.map((r) => r.target);
    expect(await seen("teamAdmin")).toEqual(expect.arrayContaining(["restricted/v1", "private/v1"]));
    expect(await seen("viewer")).toContain("private/v1");
    expect(await seen("viewer")).not.toContain("restricted/v1");
    expect((await listOrgActivity(t.db, w.actors.viewer, w.org, page)).rows.find((r) => r.target === "private/v1")?.project).toBe("private");
    await expect(listOrgActivity(t.db, w.actors.outsiderGranted, w.org, page)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe.runIf(onServer())("concurrency on PostgreSQL", () => {
  it("two owners demoting each other at once leave exactly one owner", async () => {
    // Separate connections, so the two transactions really overlap.
    const a = await openDatabase({ url: t.url });
    const b = await openDatabase({ url: t.url });
    try {
      for (let i = 0; i < 5; i++) {
        const w = await fresh();
        const owner2: UserActor = await makeUser(t.db, `mb${seq}-race`);
        await addMemberRow(t.db, w.orgId, owner2, "owner");
        const results = await Promise.allSettled([
          changeMemberRole(a.db, w.actors.owner, w.org, owner2.username, { role: "admin" }),
          changeMemberRole(b.db, owner2, w.org, w.users.owner.username, { role: "admin" }),
        ]);
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        const roles = [await orgRoleOf(t.db, w.orgId, w.users.owner.userId), await orgRoleOf(t.db, w.orgId, owner2.userId)];
        expect(roles.filter((r) => r === "owner")).toHaveLength(1);
      }
    } finally {
      await a.close();
      await b.close();
    }
  });
});
