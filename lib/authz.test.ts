import { describe, expect, it } from "vitest";
import { EXPECTED_ORG_PERMISSIONS, EXPECTED_PERMISSIONS } from "@/lib/testing/expected-access";
import {
  ORG_PERMISSIONS,
  ORG_ROLES,
  PROJECT_PERMISSIONS,
  PROJECT_ROLES,
  effectiveProjectRole,
  explainProjectRole,
  orgCan,
  projectCan,
  type AccessFacts,
  type OrgPermission,
  type ProjectPermission,
} from "./authz";

const base: AccessFacts = { orgRole: null, restricted: false, teamRoles: [], grant: null, isPublic: false };

describe("effectiveProjectRole (DESIGN §4)", () => {
  it.each([
    [{ orgRole: "owner" }, "admin"],
    [{ orgRole: "manager" }, "admin"],
    [{ orgRole: "owner", restricted: true }, "admin"],
    [{ orgRole: "admin" }, "admin"],
    [{ orgRole: "member" }, "member"],
    [{ orgRole: "viewer" }, "viewer"],
    [{ orgRole: "admin", restricted: true }, null],
    [{ orgRole: "admin", restricted: true, teamRoles: ["viewer"] }, "viewer"],
    [{ orgRole: "viewer", restricted: true, teamRoles: ["viewer", "admin"] }, "admin"],
    [{ grant: "member" }, "member"],
    [{ orgRole: "viewer", grant: "admin" }, "admin"],
    [{ orgRole: "admin", grant: "viewer" }, "admin"],
    [{ isPublic: true }, "viewer"],
    [{ orgRole: "member", restricted: true, isPublic: true }, "viewer"],
    [{}, null],
  ] as [Partial<AccessFacts>, string | null][])("%o → %s", (facts, expected) => {
    expect(effectiveProjectRole({ ...base, ...facts })).toBe(expected);
  });

  it("explains where a role comes from", () => {
    expect(explainProjectRole({ ...base, orgRole: "owner" }).reason).toEqual({ via: "org-admin", orgRole: "owner" });
    expect(explainProjectRole({ ...base, restricted: true, teamRoles: ["member"] }).reason).toEqual({ via: "team", role: "member" });
    expect(explainProjectRole({ ...base, grant: "viewer" }).reason).toEqual({ via: "grant", role: "viewer" });
  });
});

describe("permission tables", () => {
  it("project permissions follow the role order", () => {
    expect(projectCan("viewer", "project.read")).toBe(true);
    expect(projectCan("viewer", "version.write")).toBe(false);
    expect(projectCan("member", "stage.change")).toBe(true);
    expect(projectCan("member", "stage.protected")).toBe(false);
    expect(projectCan("viewer", "stage.request")).toBe(false);
    expect(projectCan("member", "stage.request")).toBe(true);
    expect(projectCan("member", "stage.approve")).toBe(false);
    expect(projectCan("admin", "stage.approve")).toBe(true);
    expect(projectCan("admin", "project.delete")).toBe(true);
    expect(projectCan(null, "project.read")).toBe(false);
  });
  it("organization permissions follow the role order", () => {
    expect(orgCan("member", "project.create")).toBe(false);
    expect(orgCan("admin", "project.create")).toBe(true);
    expect(orgCan("admin", "members.manage")).toBe(false);
    expect(orgCan("manager", "members.manage")).toBe(true);
    expect(orgCan("manager", "owners.manage")).toBe(false);
    expect(orgCan("owner", "org.delete")).toBe(true);
  });
});

// The table in lib/authz.ts against every cell written out by hand (lib/testing/expected-access.ts).
describe("the permission table, cell by cell", () => {
  it("has exactly the permissions of the hand-written grid", () => {
    expect(Object.keys(PROJECT_PERMISSIONS).sort()).toEqual(Object.keys(EXPECTED_PERMISSIONS).sort());
    expect(Object.keys(ORG_PERMISSIONS).sort()).toEqual(Object.keys(EXPECTED_ORG_PERMISSIONS).sort());
  });
  const projectCells = (Object.keys(EXPECTED_PERMISSIONS) as ProjectPermission[]).flatMap((perm) =>
    PROJECT_ROLES.map((role) => [perm, role, EXPECTED_PERMISSIONS[perm][role]] as const),
  );
  it.each(projectCells)("%s for a project %s: %s", (perm, role, allowed) => expect(projectCan(role, perm)).toBe(allowed));
  it.each(Object.keys(EXPECTED_PERMISSIONS) as ProjectPermission[])("%s: nobody without a role", (perm) => {
    expect(projectCan(null, perm)).toBe(false);
    expect(projectCan(undefined, perm)).toBe(false);
  });
  const orgCells = (Object.keys(EXPECTED_ORG_PERMISSIONS) as OrgPermission[]).flatMap((perm) =>
    ORG_ROLES.map((role) => [perm, role, EXPECTED_ORG_PERMISSIONS[perm][role]] as const),
  );
  it.each(orgCells)("%s for an organization %s: %s", (perm, role, allowed) => expect(orgCan(role, perm)).toBe(allowed));
  it.each(Object.keys(EXPECTED_ORG_PERMISSIONS) as OrgPermission[])("%s: nobody outside the organization", (perm) => {
    expect(orgCan(null, perm)).toBe(false);
  });
});
