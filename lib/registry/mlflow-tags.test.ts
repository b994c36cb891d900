// MLflow's key/value tags in the registry: round-trip beside Modelreg's plain tags, permissions, the protected
// version's lock, limits, activity, and cascade on delete.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { addMember, makeOrg, makeUser } from "@/lib/testing/fixtures";
import { activities, mlflowVersionTags } from "@/db/schema";
import type { UserActor } from "./actor";
import { anonymous } from "./actor";
import { ForbiddenError, InvalidError, NotFoundError, UnauthorizedError } from "./errors";
import { deleteModelTag, deleteVersionTag, modelTagsOf, setModelTag, setVersionTag, versionTagsOf } from "./mlflow-tags";
import { createProject, updateProject } from "./projects";
import { changeStage } from "./stages";
import { deleteVersion, registerVersion } from "./versions";

let t: TestDb;
let owner: UserActor;
let member: UserActor;
let viewer: UserActor;
let outsider: UserActor;
let pid: number;

beforeAll(async () => {
  t = await createTestDb();
  owner = await makeUser(t.db, "tg-owner");
  member = await makeUser(t.db, "tg-member");
  viewer = await makeUser(t.db, "tg-viewer");
  outsider = await makeUser(t.db, "tg-out");
  const org = await makeOrg(t.db, "tg", owner);
  await addMember(t.db, org, member, "member");
  await addMember(t.db, org, viewer, "viewer");
  pid = (await createProject(t.db, owner, "tg", { name: "m", tags: ["plain"] })).project.id;
  await registerVersion(t.db, owner, "tg", "m", "model", { name: "v1", tags: ["plain-v"] });
});
afterAll(async () => t?.close());

describe("model tags", () => {
  it("round-trip, sorted by key, replacing by key; the plain tags stay", async () => {
    await setModelTag(t.db, owner, "tg", "m", { key: "team", value: "risk" });
    await setModelTag(t.db, owner, "tg", "m", { key: "a.b", value: "1" });
    await setModelTag(t.db, owner, "tg", "m", { key: "team", value: "fraud" });
    expect((await modelTagsOf(t.db, [pid])).get(pid)).toEqual([
      { key: "a.b", value: "1" },
      { key: "team", value: "fraud" },
    ]);
    await deleteModelTag(t.db, owner, "tg", "m", "a.b");
    await deleteModelTag(t.db, owner, "tg", "m", "never-there");
    expect((await modelTagsOf(t.db, [pid])).get(pid)).toEqual([{ key: "team", value: "fraud" }]);
    const p = await updateProject(t.db, owner, "tg", "m", {});
    expect(p.project.tags).toEqual(["plain"]);
    // Recorded as the model's updates (webhooks: model.updated); removing a tag that is not there records nothing.
    const rows = await t.db
      .select({ verb: activities.verb, details: activities.details })
      .from(activities)
      .where(eq(activities.projectId, pid))
      .orderBy(activities.id);
    const tagRows = rows.filter((a) => a.verb === "project.updated" && (a.details as { fields?: string[] }).fields?.includes("mlflow_tags"));
    expect(tagRows.map((a) => (a.details as { key: string }).key)).toEqual(["team", "a.b", "team", "a.b"]);
  });

  it("are model settings: a member is 403, signed out 401, an outsider 404; bad keys and values are 400", async () => {
    await expect(setModelTag(t.db, member, "tg", "m", { key: "k", value: "v" })).rejects.toThrow(ForbiddenError);
    await expect(setModelTag(t.db, anonymous, "tg", "m", { key: "k", value: "v" })).rejects.toThrow(NotFoundError);
    await expect(deleteModelTag(t.db, outsider, "tg", "m", "team")).rejects.toThrow(NotFoundError);
    await expect(setModelTag(t.db, owner, "tg", "m", { key: "", value: "v" })).rejects.toThrow(InvalidError);
    await expect(setModelTag(t.db, owner, "tg", "m", { key: "k".repeat(251), value: "v" })).rejects.toThrow(InvalidError);
    await expect(setModelTag(t.db, owner, "tg", "m", { key: "k", value: "v".repeat(5001) })).rejects.toThrow(InvalidError);
    await expect(setModelTag(t.db, owner, "tg", "m", { key: "k\u0000", value: "v" })).rejects.toThrow(InvalidError);
  });
});

describe("version tags", () => {
  it("round-trip for members; viewers 403, signed out on a public model 401", async () => {
    await setVersionTag(t.db, member, "tg", "m", "v1", { key: "validated", value: "true" });
    await setVersionTag(t.db, member, "tg", "m", "v1", { key: "empty", value: null });
    const v = await registerVersion(t.db, owner, "tg", "m", "model", { name: "v2" });
    expect((await versionTagsOf(t.db, [v.version.id])).get(v.version.id)).toBeUndefined();
    await expect(setVersionTag(t.db, viewer, "tg", "m", "v1", { key: "k", value: "v" })).rejects.toThrow(ForbiddenError);
    await updateProject(t.db, owner, "tg", "m", { is_public: true });
    await expect(setVersionTag(t.db, anonymous, "tg", "m", "v1", { key: "k", value: "v" })).rejects.toThrow(UnauthorizedError);
    await updateProject(t.db, owner, "tg", "m", { is_public: false });
    await deleteVersionTag(t.db, member, "tg", "m", "v1", "empty");
    await expect(setVersionTag(t.db, member, "tg", "m", "v404", { key: "k", value: "v" })).rejects.toThrow(NotFoundError);
  });

  it("a version in a protected stage takes tags from an admin only (documentation), and tags go with the version", async () => {
    await changeStage(t.db, owner, "tg", "m", "model", "v1", { condition: { type: "production", status: true } });
    await expect(setVersionTag(t.db, member, "tg", "m", "v1", { key: "k", value: "v" })).rejects.toThrow(ForbiddenError);
    await setVersionTag(t.db, owner, "tg", "m", "v1", { key: "k", value: "v" });
    const [row] = await t.db.select({ id: mlflowVersionTags.versionId }).from(mlflowVersionTags).where(eq(mlflowVersionTags.key, "validated"));
    expect((await versionTagsOf(t.db, [row.id])).get(row.id)).toEqual([
      { key: "k", value: "v" },
      { key: "validated", value: "true" },
    ]);
    await changeStage(t.db, owner, "tg", "m", "model", "v1", { condition: { type: "staging", status: true } });
    await deleteVersion(t.db, owner, "tg", "m", "model", "v1");
    expect((await versionTagsOf(t.db, [row.id])).size).toBe(0);
  });
});
