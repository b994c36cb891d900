// The organization permission matrix at the registry layer (DESIGN §4), written out by hand, plus
// create / update / rename / delete. Every "may not" asserts the refusal AND that nothing changed,
// so removing a check makes its row fail.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { memberships, organizations, teams } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { buildAccessWorld, type AccessWorld } from "@/lib/testing/access-world";
import { addMember as addMemberRow, makeUser, orgRoleOf } from "@/lib/testing/fixtures";
import { orgCan } from "@/lib/authz";
import { anonymous, type Actor } from "./actor";
import { ConflictError, ForbiddenError, InvalidError, NotFoundError, UnauthorizedError } from "./errors";
import { addMember, changeMemberRole, listMembers } from "./members";
import { createOrganization, deleteOrganization, getOrganization, listMyOrganizations, listMyOrganizationsPage, updateOrganization } from "./orgs";
import { listOrgActivity } from "./org-activity";
import { createTeam } from "./teams";
import { listProjects } from "./projects";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.close());

const ACTORS = ["owner", "manager", "admin", "member", "viewer", "outsiderGranted", "outsider", "anonymous"] as const;
type A = (typeof ACTORS)[number];
const ACTIONS = ["read", "createProject", "update", "manageMembers", "manageTeams", "changeOwner", "delete"] as const;
type Action = (typeof ACTIONS)[number];

/** Who may do what, by hand from DESIGN §4 (not computed from lib/authz). */
const MAY: Record<A, Action[]> = {
  owner: ["read", "createProject", "update", "manageMembers", "manageTeams", "changeOwner", "delete"],
  manager: ["read", "createProject", "update", "manageMembers", "manageTeams"],
  admin: ["read", "createProject"],
  member: ["read"],
  viewer: ["read"],
  outsiderGranted: [],
  outsider: [],
  anonymous: [],
};

let seq = 0;
/** A fresh world per case: allowed actions change it (an owner deletes the organization). */
async function world(): Promise<AccessWorld & { owner2: Actor & { kind: "user" } }> {
  const w = await buildAccessWorld(t.db, `m${++seq}`);
  const owner2 = await makeUser(t.db, `m${seq}-owner2`);
  await addMemberRow(t.db, w.orgId, owner2, "owner");
  return { ...w, owner2 };
}

/** Runs the action; resolves to a check that the action took effect (true) or left things as they were (false). */
const RUN: Record<Action, (w: Awaited<ReturnType<typeof world>>, actor: Actor) => Promise<() => Promise<boolean>>> = {
  read: async (w, actor) => {
    await listMembers(t.db, actor, w.org, { limit: 50, offset: 0 });
    return async () => true;
  },
  // Creating the project is the projects area's job; the org side is the permission it asks for.
  createProject: async (w, actor) => {
    const org = await getOrganization(t.db, actor, w.org);
    if (!orgCan(org.viewerRole, "project.create")) throw actor.kind === "user" ? new ForbiddenError("no") : new UnauthorizedError();
    return async () => true;
  },
  update: async (w, actor) => {
    await updateOrganization(t.db, actor, w.org, { description: "changed" });
    return async () => (await getOrganization(t.db, anonymous, w.org)).description === "changed";
  },
  manageMembers: async (w, actor) => {
    const newcomer = await makeUser(t.db, `${w.org}-new`);
    await addMember(t.db, actor, w.org, { user: newcomer.username, role: "member" }).catch(async (e) => {
      expect(await orgRoleOf(t.db, w.orgId, newcomer.userId)).toBeNull();
      throw e;
    });
    return async () => (await orgRoleOf(t.db, w.orgId, newcomer.userId)) === "member";
  },
  manageTeams: async (w, actor) => {
    await createTeam(t.db, actor, w.org, { name: "fresh" }).catch(async (e) => {
      expect((await t.db.select().from(teams).where(eq(teams.orgId, w.orgId))).map((x) => x.name)).not.toContain("fresh");
      throw e;
    });
    return async () => (await t.db.select().from(teams).where(eq(teams.orgId, w.orgId))).some((x) => x.name === "fresh");
  },
  changeOwner: async (w, actor) => {
    await changeMemberRole(t.db, actor, w.org, w.owner2.username, { role: "member" }).catch(async (e) => {
      expect(await orgRoleOf(t.db, w.orgId, w.owner2.userId)).toBe("owner");
      throw e;
    });
    return async () => (await orgRoleOf(t.db, w.orgId, w.owner2.userId)) === "member";
  },
  delete: async (w, actor) => {
    await deleteOrganization(t.db, actor, w.org).catch(async (e) => {
      expect(await t.db.select().from(organizations).where(eq(organizations.id, w.orgId))).toHaveLength(1);
      throw e;
    });
    return async () => (await t.db.select().from(organizations).where(eq(organizations.id, w.orgId))).length === 0;
  },
};

describe("organization permission matrix (registry layer)", () => {
  const cases = ACTORS.flatMap((a) => ACTIONS.map((x) => [a, x] as const));
  it.each(cases)("%s → %s", async (actorName, action) => {
    const w = await world();
    const actor = w.actors[actorName];
    const result = await RUN[action](w, actor).catch((e: unknown) => e);
    if (MAY[actorName].includes(action)) {
      expect(result).toBeTypeOf("function");
      expect(await (result as () => Promise<boolean>)()).toBe(true);
    } else {
      expect(result).toBeInstanceOf(actorName === "anonymous" ? UnauthorizedError : ForbiddenError);
    }
  });

  it("an unknown organization is 404 for everyone, before any permission check", async () => {
    const w = await world();
    for (const a of ["owner", "outsider", "anonymous"] as const) {
      await expect(updateOrganization(t.db, w.actors[a], "no-such-org", { description: "x" })).rejects.toBeInstanceOf(NotFoundError);
      await expect(listMembers(t.db, w.actors[a], "no-such-org", { limit: 5, offset: 0 })).rejects.toBeInstanceOf(NotFoundError);
    }
  });
});

describe("create, update, rename, delete", () => {
  it("creates an organization owned by its creator, with an activity row", async () => {
    const u = await makeUser(t.db, "creator");
    const org = await createOrganization(t.db, u, { name: "  Big-Co ", displayName: "Big Co", description: "We build things" });
    expect(org).toMatchObject({ name: "big-co", displayName: "Big Co", viewerRole: "owner", personal: false });
    expect(await listMyOrganizations(t.db, u)).toEqual(expect.arrayContaining([expect.objectContaining({ name: "big-co", role: "owner" })]));
    const log = await listOrgActivity(t.db, u, "big-co", { limit: 10, offset: 0 });
    expect(log.rows[0]).toMatchObject({ verb: "org.created", target: "big-co", actor: "creator" });
  });

  it("refuses a signed-out creator, a bad or reserved name, and a name taken by a user or an organization", async () => {
    const u = await makeUser(t.db, "creator2");
    await expect(createOrganization(t.db, anonymous, { name: "anon-org" })).rejects.toBeInstanceOf(UnauthorizedError);
    for (const name of ["x", "Bad Name", "-lead", "settings", "new", "a".repeat(40)]) {
      const err = await createOrganization(t.db, u, { name }).catch((e) => e);
      expect(err, name).toBeInstanceOf(InvalidError);
      expect(err.fieldErrors.name, name).toBeDefined();
    }
    const dupOrg = await createOrganization(t.db, u, { name: "big-co" }).catch((e) => e);
    expect(dupOrg).toBeInstanceOf(ConflictError);
    expect(dupOrg.fieldErrors.name).toBeDefined();
    await expect(createOrganization(t.db, u, { name: "creator" })).rejects.toBeInstanceOf(ConflictError); // a username
  });

  it("the display name defaults to the name", async () => {
    const u = await makeUser(t.db, "creator3");
    expect((await createOrganization(t.db, u, { name: "plain-org" })).displayName).toBe("plain-org");
  });

  it("updates record what changed; renaming needs an owner and keeps the organization", async () => {
    const w = await world();
    await updateOrganization(t.db, w.actors.manager, w.org, { displayName: "Renamed Display", description: "d2" });
    const log = await listOrgActivity(t.db, w.actors.owner, w.org, { limit: 1, offset: 0 });
    expect(log.rows[0]).toMatchObject({ verb: "org.updated", actor: w.users.manager.username });
    expect(log.rows[0].details).toMatchObject({ changes: { displayName: { to: "Renamed Display" }, description: { from: "", to: "d2" } } });

    await expect(updateOrganization(t.db, w.actors.manager, w.org, { name: `${w.org}-x` })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await getOrganization(t.db, anonymous, w.org)).name).toBe(w.org);

    const renamed = await updateOrganization(t.db, w.actors.owner, w.org, { name: `${w.org}-x` });
    expect(renamed.name).toBe(`${w.org}-x`);
    await expect(getOrganization(t.db, anonymous, w.org)).rejects.toBeInstanceOf(NotFoundError);
    expect((await getOrganization(t.db, w.actors.owner, `${w.org}-x`)).id).toBe(w.orgId);
    await expect(updateOrganization(t.db, w.actors.owner, `${w.org}-x`, { name: "big-co" })).rejects.toBeInstanceOf(ConflictError);
  });

  it("an unchanged update records nothing", async () => {
    const w = await world();
    const before = await listOrgActivity(t.db, w.actors.owner, w.org, { limit: 100, offset: 0 });
    await updateOrganization(t.db, w.actors.owner, w.org, { displayName: w.org });
    expect((await listOrgActivity(t.db, w.actors.owner, w.org, { limit: 100, offset: 0 })).count).toBe(before.count);
  });

  it("a personal organization cannot be renamed, deleted, or get members or teams", async () => {
    const u = await makeUser(t.db, "solo");
    const other = await makeUser(t.db, "solo-friend");
    await expect(updateOrganization(t.db, u, "solo", { name: "solo2" })).rejects.toBeInstanceOf(InvalidError);
    await expect(deleteOrganization(t.db, u, "solo")).rejects.toBeInstanceOf(InvalidError);
    await expect(addMember(t.db, u, "solo", { user: other.username })).rejects.toBeInstanceOf(InvalidError);
    await expect(createTeam(t.db, u, "solo", { name: "t" })).rejects.toBeInstanceOf(InvalidError);
    expect(await orgRoleOf(t.db, (await getOrganization(t.db, u, "solo")).id, other.userId)).toBeNull();
    // but its description can change
    expect((await updateOrganization(t.db, u, "solo", { description: "my models" })).description).toBe("my models");
  });

  it("delete asks for the name when confirming, and takes members and teams with it", async () => {
    const w = await world();
    const err = await deleteOrganization(t.db, w.actors.owner, w.org, { confirmName: "wrong" }).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidError);
    expect(err.fieldErrors.confirm).toBeDefined();
    await deleteOrganization(t.db, w.actors.owner, w.org, { confirmName: w.org.toUpperCase() });
    expect(await t.db.select().from(memberships).where(eq(memberships.orgId, w.orgId))).toEqual([]);
    expect(await t.db.select().from(teams).where(eq(teams.orgId, w.orgId))).toEqual([]);
    // recorded in the owner's personal log, since the organization's own went with it
    const personal = await listOrgActivity(t.db, w.actors.owner, w.users.owner.username, { limit: 5, offset: 0 });
    expect(personal.rows[0]).toMatchObject({ verb: "org.deleted", target: w.org });
  });

  it("lists the caller's organizations a page at a time, personal first", async () => {
    const u = await makeUser(t.db, "pager");
    for (const n of ["pg-a", "pg-b", "pg-c"]) await createOrganization(t.db, u, { name: n });
    const first = await listMyOrganizationsPage(t.db, u, { limit: 2, offset: 0 });
    expect(first.count).toBe(4);
    expect(first.rows.map((r) => r.name)).toEqual(["pager", "pg-a"]);
    const second = await listMyOrganizationsPage(t.db, u, { limit: 2, offset: 2 });
    expect(second.rows.map((r) => r.name)).toEqual(["pg-b", "pg-c"]);
    await expect(listMyOrganizationsPage(t.db, anonymous, { limit: 2, offset: 0 })).rejects.toBeInstanceOf(UnauthorizedError);
  });
});

describe("the model count of listMyOrganizations", () => {
  it("is the organization page's count for every member: only the models they may see", async () => {
    const w = await buildAccessWorld(t.db, "cnt");
    for (const a of ["owner", "manager", "admin", "member", "viewer", "teamAdmin", "teamViewer"] as const) {
      const actor = w.actors[a];
      const summary = (await listMyOrganizations(t.db, actor)).find((o) => o.name === w.org);
      const page = await listProjects(t.db, actor, w.org, { limit: 50, offset: 0 });
      expect(summary?.projectCount, a).toBe(page.count);
      expect(summary?.projectCountCapped, a).toBe(false);
    }
    // `admin` is not in the team `restricted` is restricted to (`public-restricted` is public): five of the six.
    expect((await listMyOrganizations(t.db, w.actors.admin)).find((o) => o.name === w.org)?.projectCount).toBe(5);
    const paged = await listMyOrganizationsPage(t.db, w.actors.admin, { limit: 50, offset: 0 });
    expect(paged.rows.find((o) => o.name === w.org)?.projectCount).toBe(5);
  });
});
