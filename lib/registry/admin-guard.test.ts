// The lock-out guard: restricting a model to teams, changing or removing grants, and the settings
// PATCH refuse a change that takes the actor's own admin access away, or leaves only the
// organization's owners and managers as admins, until it is confirmed; a refused change writes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, makeOrg, makeTeam, makeUser } from "@/lib/testing/fixtures";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import type { UserActor } from "./actor";
import { loadProjectAccess } from "./access";
import { ConfirmationRequiredError, ConflictError, NotFoundError } from "./errors";
import { grantProjectAccess, revokeProjectAccess, setProjectTeams } from "./project-access";
import { getProjectSettings, updateProjectSettings } from "./project-settings";
import { createProject } from "./projects";

let t: TestDb;
let owner: UserActor, admin: UserActor, lead: UserActor, member: UserActor, outsider: UserActor;
const ORG = "lockorg";

beforeAll(async () => {
  t = await createTestDb();
  owner = await makeUser(t.db, "lk-owner");
  admin = await makeUser(t.db, "lk-admin");
  lead = await makeUser(t.db, "lk-lead");
  member = await makeUser(t.db, "lk-member");
  outsider = await makeUser(t.db, "lk-outsider");
  const orgId = await makeOrg(t.db, ORG, owner);
  await addMember(t.db, orgId, admin, "admin");
  await addMember(t.db, orgId, lead, "member");
  await addMember(t.db, orgId, member, "member");
  await makeTeam(t.db, orgId, "core", [
    [lead, "admin"],
    [member, "member"],
  ]);
  await makeTeam(t.db, orgId, "readers", [[member, "viewer"]]);
  for (const name of ["m1", "m2", "m3", "m4", "m5"]) await createProject(t.db, owner, ORG, { name });
});
afterAll(async () => t.close());

const teamsOf = async (name: string) => (await getProjectSettings(t.db, owner, ORG, name)).teams.filter((x) => x.selected).map((x) => x.name);

describe("restricting a model to teams", () => {
  it("refuses a restriction that takes the acting admin's own access away, and writes nothing", async () => {
    const err = await setProjectTeams(t.db, admin, ORG, "m1", ["core"]).catch((e) => e);
    expect(err).toBeInstanceOf(ConfirmationRequiredError);
    expect(err).toBeInstanceOf(ConflictError); // a 409 in the API
    expect(err.fieldErrors.confirm[0]).toMatch(/takes away your own access to lockorg\/m1/);
    expect(await teamsOf("m1")).toEqual([]);
    expect((await loadProjectAccess(t.db, admin, ORG, "m1")).role).toBe("admin");
  });

  it("goes ahead when confirmed, and says the actor has no access left", async () => {
    expect(await setProjectTeams(t.db, admin, ORG, "m1", ["core"], { confirm: true })).toEqual({ role: null });
    expect(await teamsOf("m1")).toEqual(["core"]);
    await expect(loadProjectAccess(t.db, admin, ORG, "m1")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("lets an admin restrict a model to a team in which they stay admin, unasked", async () => {
    await grantProjectAccess(t.db, owner, ORG, "m2", { user: "lk-admin", role: "admin" });
    expect(await setProjectTeams(t.db, admin, ORG, "m2", ["readers"])).toEqual({ role: "admin" });
    expect(await teamsOf("m2")).toEqual(["readers"]);
  });

  it("refuses, even for an owner, a change that leaves no admins but the owners and managers", async () => {
    // m3 is open: admin administers it by organization role. Only viewers in `readers`.
    const err = await setProjectTeams(t.db, owner, ORG, "m3", ["readers"]).catch((e) => e);
    expect(err).toBeInstanceOf(ConfirmationRequiredError);
    expect(err.consequences).toEqual(["After this change no one but the owners and managers of lockorg could administer lockorg/m3."]);
    expect(await teamsOf("m3")).toEqual([]);
    expect(await setProjectTeams(t.db, owner, ORG, "m3", ["readers"], { confirm: true })).toEqual({ role: "admin" });
    // Opening it again brings admins back: no question asked.
    await setProjectTeams(t.db, owner, ORG, "m3", []);
    expect(await teamsOf("m3")).toEqual([]);
  });

  it("does not ask an owner when other admins remain", async () => {
    await setProjectTeams(t.db, owner, ORG, "m4", ["core"]);
    expect(await teamsOf("m4")).toEqual(["core"]);
  });
});

describe("grants", () => {
  it("refuses removing or lowering your own grant when it is your admin access, until confirmed", async () => {
    await grantProjectAccess(t.db, owner, ORG, "m4", { user: "lk-outsider", role: "admin" });
    await expect(grantProjectAccess(t.db, outsider, ORG, "m4", { user: "lk-outsider", role: "viewer" })).rejects.toBeInstanceOf(ConfirmationRequiredError);
    await expect(revokeProjectAccess(t.db, outsider, ORG, "m4", "lk-outsider")).rejects.toBeInstanceOf(ConfirmationRequiredError);
    expect((await loadProjectAccess(t.db, outsider, ORG, "m4")).role).toBe("admin");
    expect(await grantProjectAccess(t.db, outsider, ORG, "m4", { user: "lk-outsider", role: "viewer" }, { confirm: true })).toEqual({ role: "viewer" });
    expect((await loadProjectAccess(t.db, outsider, ORG, "m4")).role).toBe("viewer");
  });

  it("lets an admin remove someone else's grant unasked while admins remain", async () => {
    await grantProjectAccess(t.db, owner, ORG, "m4", { user: "lk-outsider", role: "member" });
    expect(await revokeProjectAccess(t.db, lead, ORG, "m4", "lk-outsider")).toEqual({ role: "admin" });
  });
});

describe("the settings PATCH", () => {
  it("refuses a self lock-out without confirm: true, and applies nothing of the patch", async () => {
    const err = await updateProjectSettings(t.db, admin, ORG, "m5", { teams: ["core"], is_public: true }).catch((e) => e);
    expect(err).toBeInstanceOf(ConfirmationRequiredError);
    const s = await getProjectSettings(t.db, owner, ORG, "m5");
    expect([s.isPublic, s.teams.filter((x) => x.selected)]).toEqual([false, []]);
    await updateProjectSettings(t.db, admin, ORG, "m5", { teams: ["core"], is_public: true, confirm: true });
    expect(await teamsOf("m5")).toEqual(["core"]);
    // Public now, so the former admin still reads it, as a viewer.
    expect((await loadProjectAccess(t.db, admin, ORG, "m5")).role).toBe("viewer");
  });
});
