// A model's settings through the registry, on the test database: features, visibility, protected
// stages, team restriction, per-user grants (outsiders included), who has access and why, promotion
// sources — and that a refused patch changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { activities, projectSources, projectTeams, projectUsers } from "@/db/schema";
import { addMember, makeOrg, makeTeam, makeUser } from "@/lib/testing/fixtures";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { anonymous, type UserActor } from "./actor";
import { loadProjectAccess } from "./access";
import { ForbiddenError, InvalidError, NotFoundError } from "./errors";
import { grantProjectAccess, revokeProjectAccess, setProjectTeams } from "./project-access";
import { getProjectSettings, promotionSourceIds, setPromotionSources, updateProjectSettings } from "./project-settings";
import { createProject, updateProject } from "./projects";

let t: TestDb;
let owner: UserActor, admin: UserActor, member: UserActor, teamMember: UserActor, outsider: UserActor, stranger: UserActor;
const ORG = "sacme";

beforeAll(async () => {
  t = await createTestDb();
  owner = await makeUser(t.db, "s-owner");
  admin = await makeUser(t.db, "s-admin");
  member = await makeUser(t.db, "s-member");
  teamMember = await makeUser(t.db, "s-bob");
  outsider = await makeUser(t.db, "s-dave");
  stranger = await makeUser(t.db, "s-erin");
  const orgId = await makeOrg(t.db, ORG, owner);
  await addMember(t.db, orgId, admin, "admin");
  await addMember(t.db, orgId, member, "member");
  await addMember(t.db, orgId, teamMember, "member");
  await makeTeam(t.db, orgId, "vision", [[teamMember, "member"]]);
  await makeTeam(t.db, orgId, "risk", [[member, "admin"]]);
  const otherOrg = await makeOrg(t.db, "sother", stranger);
  await makeTeam(t.db, otherOrg, "elsewhere");
  await createProject(t.db, stranger, "sother", { name: "foreign" });
  for (const name of ["model", "training", "secret", "other"]) await createProject(t.db, owner, ORG, { name });
  // `secret` is restricted to a team `admin` is not in: admin cannot see it.
  await setProjectTeams(t.db, owner, ORG, "secret", ["risk"]);
});
afterAll(async () => t.close());

describe("getProjectSettings", () => {
  it("gives admins the whole picture with defaults", async () => {
    const s = await getProjectSettings(t.db, admin, ORG, "model");
    expect(s.features).toEqual({ runs: true, models: true, artifacts: true });
    expect(s.protectedStages).toEqual(["production"]);
    expect(s.isPublic).toBe(false);
    expect(s.teams.map((x) => [x.name, x.selected])).toEqual([
      ["risk", false],
      ["vision", false],
    ]);
    expect(s.grants).toEqual([]);
    // admin cannot see `secret`, so it is not offered as a source
    expect(s.sources.map((x) => x.name)).toEqual(["other", "training"]);
  });

  it("is for project admins: members 403, outsiders 404", async () => {
    await expect(getProjectSettings(t.db, member, ORG, "model")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getProjectSettings(t.db, outsider, ORG, "model")).rejects.toBeInstanceOf(NotFoundError);
    await expect(getProjectSettings(t.db, anonymous, ORG, "model")).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("features, visibility and protected stages", () => {
  it("switches single features or sets the list, and records it", async () => {
    let s = await updateProjectSettings(t.db, admin, ORG, "model", { features: { runs: false } });
    expect(s.excludedFeatures).toEqual(["runs"]);
    s = await updateProjectSettings(t.db, admin, ORG, "model", { features: { runs: true, artifacts: false } });
    expect(s.features).toEqual({ runs: true, models: true, artifacts: false });
    s = await updateProjectSettings(t.db, admin, ORG, "model", { excluded_features: [] });
    expect(s.excludedFeatures).toEqual([]);
    const logs = await t.db.select({ verb: activities.verb }).from(activities).where(eq(activities.verb, "project.features_changed"));
    expect(logs.length).toBeGreaterThanOrEqual(3);
  });

  it("sets visibility and protected stages (empty: none protected)", async () => {
    let s = await updateProjectSettings(t.db, admin, ORG, "model", { is_public: true, protected_stages: ["staging", "production"] });
    expect(s.isPublic).toBe(true);
    expect(s.protectedStages).toEqual(["staging", "production"]);
    s = await updateProjectSettings(t.db, admin, ORG, "model", { is_public: false, protected_stages: [] });
    expect(s.protectedStages).toEqual([]);
    expect((await loadProjectAccess(t.db, owner, ORG, "model")).project.settings.protectedStages).toEqual([]);
  });

  it("refuses unknown keys, features and stages, and both forms of features at once", async () => {
    for (const bad of [
      { colour: "red" },
      { features: { gpus: true } },
      { excluded_features: ["gpus"] },
      { protected_stages: ["prod"] },
      { features: { runs: false }, excluded_features: [] },
    ]) {
      await expect(updateProjectSettings(t.db, admin, ORG, "model", bad), JSON.stringify(bad)).rejects.toBeInstanceOf(InvalidError);
    }
  });
});

describe("access: teams and grants", () => {
  it("restricts to teams of the organization, and who-has-access says why", async () => {
    // admin restricts it to a team they are not in: their own access goes, so it takes a confirmation
    await setProjectTeams(t.db, admin, ORG, "model", ["vision"], { confirm: true });
    const s = await getProjectSettings(t.db, owner, ORG, "model");
    expect(s.teams.find((x) => x.name === "vision")?.selected).toBe(true);
    const why = Object.fromEntries(s.members.map((m) => [m.username, m.why]));
    expect(why["s-owner"]).toBe("admin via organization role owner");
    expect(why["s-bob"]).toBe("member via team vision");
    // admin (org admin, not in the team) and member (in another team) have no access now
    expect(why["s-admin"]).toBeUndefined();
    expect(why["s-member"]).toBeUndefined();
    await expect(loadProjectAccess(t.db, admin, ORG, "model")).rejects.toBeInstanceOf(NotFoundError);
    expect((await loadProjectAccess(t.db, teamMember, ORG, "model")).role).toBe("member");
  });

  it("refuses unknown teams and teams of another organization", async () => {
    await expect(setProjectTeams(t.db, owner, ORG, "model", ["nope"])).rejects.toThrow(/no team named nope/);
    await expect(setProjectTeams(t.db, owner, ORG, "model", ["elsewhere"])).rejects.toBeInstanceOf(InvalidError);
  });

  it("grants by username or email, outsiders included; a grant raises, revoking lowers", async () => {
    await grantProjectAccess(t.db, owner, ORG, "model", { user: "s-dave", role: "viewer" });
    await grantProjectAccess(t.db, owner, ORG, "model", { user: "S-ADMIN@example.test", role: "admin" });
    expect((await loadProjectAccess(t.db, outsider, ORG, "model")).role).toBe("viewer");
    expect((await loadProjectAccess(t.db, admin, ORG, "model")).role).toBe("admin");
    const s = await getProjectSettings(t.db, admin, ORG, "model");
    expect(s.grants.map((g) => [g.username, g.role, g.member])).toEqual([
      ["s-admin", "admin", true],
      ["s-dave", "viewer", false],
    ]);
    const why = Object.fromEntries(s.members.map((m) => [m.username, m.why]));
    expect(why["s-dave"]).toBe("viewer via direct grant");
    expect(why["s-admin"]).toBe("admin via direct grant");
    await grantProjectAccess(t.db, owner, ORG, "model", { user: "s-dave", role: "member" });
    expect((await loadProjectAccess(t.db, outsider, ORG, "model")).role).toBe("member");
    await revokeProjectAccess(t.db, owner, ORG, "model", "s-dave");
    await expect(loadProjectAccess(t.db, outsider, ORG, "model")).rejects.toBeInstanceOf(NotFoundError);
    await expect(revokeProjectAccess(t.db, owner, ORG, "model", "s-dave")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses unknown people and roles", async () => {
    await expect(grantProjectAccess(t.db, owner, ORG, "model", { user: "ghost", role: "viewer" })).rejects.toThrow(/No account/);
    await expect(grantProjectAccess(t.db, owner, ORG, "model", { user: "s-dave", role: "owner" })).rejects.toBeInstanceOf(InvalidError);
  });

  it("is for project admins: a member may not grant themselves more", async () => {
    await setProjectTeams(t.db, owner, ORG, "other", []);
    await expect(grantProjectAccess(t.db, member, ORG, "other", { user: "s-member", role: "admin" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(setProjectTeams(t.db, member, ORG, "other", ["risk"])).rejects.toBeInstanceOf(ForbiddenError);
    await expect(revokeProjectAccess(t.db, member, ORG, "model", "s-admin")).rejects.toBeInstanceOf(NotFoundError);
    expect(
      await t.db
        .select()
        .from(projectTeams)
        .where(eq(projectTeams.projectId, (await loadProjectAccess(t.db, owner, ORG, "other")).project.id)),
    ).toEqual([]);
  });

  it("replaces teams and grants in one patch", async () => {
    const s = await updateProjectSettings(t.db, owner, ORG, "model", { teams: [], grants: [{ user: "s-dave", role: "viewer" }] });
    expect(s.teams.every((x) => !x.selected)).toBe(true);
    expect(s.grants.map((g) => g.username)).toEqual(["s-dave"]);
    expect((await loadProjectAccess(t.db, admin, ORG, "model")).role).toBe("admin"); // via organization role again
  });
});

describe("promotion sources", () => {
  it("takes names (bare or OWNER/NAME) of the same organization and replaces the list", async () => {
    await setPromotionSources(t.db, admin, ORG, "model", ["training", `${ORG}/other`]);
    const pid = (await loadProjectAccess(t.db, owner, ORG, "model")).project.id;
    expect((await promotionSourceIds(t.db, pid)).length).toBe(2);
    const s = await updateProjectSettings(t.db, admin, ORG, "model", { sources: ["training"] });
    expect(s.sources.filter((x) => x.selected).map((x) => x.name)).toEqual(["training"]);
  });

  it("refuses itself, other organizations, unknown and invisible models", async () => {
    for (const bad of [["model"], ["sother/foreign"], ["nope"], ["secret"]]) {
      const err = await setPromotionSources(t.db, admin, ORG, "model", bad).catch((e) => e);
      expect(err, bad[0]).toBeInstanceOf(InvalidError);
      expect(err.fieldErrors.sources, bad[0]).toBeTruthy();
    }
    // the owner sees `secret` and may use it
    await setPromotionSources(t.db, owner, ORG, "model", ["secret"]);
  });

  it("is for project admins", async () => {
    await expect(setPromotionSources(t.db, member, ORG, "other", ["training"])).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("a refused patch changes nothing", () => {
  it("rolls the whole patch back when one part is invalid", async () => {
    const before = await getProjectSettings(t.db, owner, ORG, "training");
    await expect(
      updateProjectSettings(t.db, owner, ORG, "training", { is_public: true, excluded_features: ["models"], teams: ["vision"], sources: ["nope"] }),
    ).rejects.toBeInstanceOf(InvalidError);
    const after = await getProjectSettings(t.db, owner, ORG, "training");
    expect(after.isPublic).toBe(before.isPublic);
    expect(after.excludedFeatures).toEqual(before.excludedFeatures);
    const pid = after.access.project.id;
    expect(await t.db.select().from(projectTeams).where(eq(projectTeams.projectId, pid))).toEqual([]);
    expect(await t.db.select().from(projectSources).where(eq(projectSources.projectId, pid))).toEqual([]);
  });

  it("deleting a model removes its grants, teams and sources (foreign keys cascade)", async () => {
    const { project } = await loadProjectAccess(t.db, owner, ORG, "model");
    await updateProject(t.db, owner, ORG, "model", { name: "model-renamed" });
    const { deleteProject } = await import("./projects");
    await deleteProject(t.db, owner, ORG, "model-renamed");
    expect(await t.db.select().from(projectUsers).where(eq(projectUsers.projectId, project.id))).toEqual([]);
    expect(await t.db.select().from(projectSources).where(eq(projectSources.projectId, project.id))).toEqual([]);
  });
});
