// Aliases on both databases: set, move and remove with their history and activity, every refusal, `@alias`
// wherever a version is looked up, `aliases` on version objects, PQL, and concurrent moves on the server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { activities, projects } from "@/db/schema";
import { createTestDb, onServer, type TestDb } from "@/db/testing/test-db";
import { buildAccessWorld, type AccessWorld } from "@/lib/testing/access-world";
import { aliasEventsOf, aliasHistoryOf, decideAliasRequest, listAliases, removeAlias, setAlias } from "./aliases";
import { ConflictError, ForbiddenError, InvalidError, NotFoundError, UnauthorizedError } from "./errors";
import { changeStage, transferVersion } from "./stages";
import { getVersion, listVersions, registerVersion, versionToApi } from "./versions";

let t: TestDb;
let w: AccessWorld;
beforeAll(async () => {
  t = await createTestDb();
  w = await buildAccessWorld(t.db, "al");
});
afterAll(async () => t.close());

const reg = (name: string, project = "private") => registerVersion(t.db, w.actors.owner, w.org, project, "model", { name });
const put = (alias: string, version: string, actor = w.actors.member, project = "private") => setAlias(t.db, actor, w.org, project, alias, { version });
const aliasesOf = async (name: string, project = "private") =>
  versionToApi(
    (await getVersion(t.db, w.actors.viewer, w.org, project, "model", name)).version,
    (await getVersion(t.db, w.actors.viewer, w.org, project, "model", name)).access,
  ).aliases;

describe("setting and moving an alias", () => {
  it("creates it, shows it on the version object, and resolves @alias wherever a version is looked up", async () => {
    await reg("a1");
    const r = await put("canary", "a1");
    expect(r.created).toBe(true);
    expect(r.alias).toMatchObject({ alias: "canary", version: "a1", updatedBy: "al-member" });
    expect(await aliasesOf("a1")).toEqual(["canary"]);
    const viaAlias = await getVersion(t.db, w.actors.viewer, w.org, "private", "model", "@canary");
    expect(viaAlias.version.name).toBe("a1");
    // a stage change through the alias moves the version it points at
    expect((await changeStage(t.db, w.actors.member, w.org, "private", "model", "@canary", { condition: { type: "staging" } })).stage).toBe("staging");
    await expect(getVersion(t.db, w.actors.viewer, w.org, "private", "model", "@nope")).rejects.toBeInstanceOf(NotFoundError);
    // artifacts are not models: a model alias does not name one
    await expect(getVersion(t.db, w.actors.viewer, w.org, "private", "artifact", "@canary")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("moving an alias takes it off the previous version in one step, with both in the history and the activity", async () => {
    await reg("m1");
    await reg("m2");
    await put("beta", "m1");
    const moved = await put("beta", "m2");
    expect(moved.created).toBe(false);
    expect(await aliasesOf("m1")).toEqual([]);
    expect(await aliasesOf("m2")).toEqual(["beta"]);
    expect((await aliasHistoryOf(t.db, (await getVersion(t.db, w.actors.owner, w.org, "private", "model", "m1")).version.id)).map((e) => e.action)).toEqual([
      "set",
      "moved_out",
    ]);
    const [inM2] = await aliasHistoryOf(t.db, (await getVersion(t.db, w.actors.owner, w.org, "private", "model", "m2")).version.id);
    expect(inM2).toMatchObject({ alias: "beta", action: "moved_in", from: "m1", to: "m2", user: "al-member" });
    const [a] = await t.db
      .select()
      .from(activities)
      .where(and(eq(activities.verb, "version.alias_moved"), eq(activities.target, "m2")));
    expect(a.details).toMatchObject({ alias: "beta", from: "m1", to: "m2" });
    // setting it where it already is changes nothing
    await put("beta", "m2");
    expect(await aliasEventsOf(t.db, w.projectIds.private, "beta")).toHaveLength(2);
    const { results } = await listAliases(t.db, w.actors.viewer, w.org, "private");
    expect(results.find((x) => x.alias === "beta")).toMatchObject({ version: "m2" });
  });

  it("removes an alias; removing a missing one is NotFound", async () => {
    await reg("r1");
    await put("gone", "r1");
    await removeAlias(t.db, w.actors.member, w.org, "private", "gone");
    expect(await aliasesOf("r1")).toEqual([]);
    await expect(removeAlias(t.db, w.actors.member, w.org, "private", "gone")).rejects.toBeInstanceOf(NotFoundError);
    const [a] = await t.db
      .select()
      .from(activities)
      .where(and(eq(activities.verb, "version.alias_removed"), eq(activities.target, "r1")));
    expect(a.details).toMatchObject({ alias: "gone", from: "r1", to: null });
  });

  it("an alias does not follow its version to another model", async () => {
    await reg("t1");
    await put("travel", "t1");
    await transferVersion(t.db, w.actors.owner, w.org, "private", "model", "t1", { project: "public" });
    expect((await listAliases(t.db, w.actors.viewer, w.org, "private")).results.map((a) => a.alias)).not.toContain("travel");
    expect(await aliasesOf("t1", "public")).toEqual([]);
  });

  it("filters versions by alias in PQL: alias:name and alias:nil", async () => {
    await reg("q1", "granted");
    await reg("q2", "granted");
    await put("shadow", "q1", w.actors.admin, "granted");
    const names = async (query: string) =>
      (await listVersions(t.db, w.actors.viewer, w.org, "granted", "model", { limit: 50, offset: 0, query })).results.map((v) => v.name).sort();
    expect(await names("alias:shadow")).toEqual(["q1"]);
    expect(await names("alias:nil")).toEqual(["q2"]);
    expect(await names("alias:~nil")).toEqual(["q1"]);
    // lists carry the aliases too (one query)
    const list = await listVersions(t.db, w.actors.viewer, w.org, "granted", "model", { limit: 50, offset: 0 });
    expect(list.results.find((v) => v.name === "q1")?.aliases).toEqual(["shadow"]);
  });
});

describe("refusals", () => {
  it("a viewer may not set an alias (403); a signed-out caller gets 401 on a public model, an outsider 404 on a private one", async () => {
    await reg("x1");
    await expect(put("canary", "x1", w.actors.viewer)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(put("canary", "x1", w.actors.outsider)).rejects.toBeInstanceOf(NotFoundError);
    await reg("x1", "public");
    await expect(put("canary", "x1", w.actors.anonymous, "public")).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(removeAlias(t.db, w.actors.viewer, w.org, "private", "canary")).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("a member may not move a protected alias (champion by default, or as configured); an admin may", async () => {
    await reg("p1");
    await expect(put("champion", "p1", w.actors.member)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await put("champion", "p1", w.actors.admin)).created).toBe(true);
    await expect(removeAlias(t.db, w.actors.member, w.org, "private", "champion")).rejects.toBeInstanceOf(ForbiddenError);
    await t.db
      .update(projects)
      .set({ settings: { protectedAliases: ["prod-live"] } })
      .where(eq(projects.id, w.projectIds.public));
    await reg("p1", "public");
    await expect(put("prod-live", "p1", w.actors.member, "public")).rejects.toBeInstanceOf(ForbiddenError);
    expect((await put("champion", "p1", w.actors.member, "public")).created).toBe(true);
  });

  it("an alias on another model's version is NotFound", async () => {
    await reg("only-in-public", "public");
    await expect(put("canary", "only-in-public", w.actors.member, "private")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses names like a stage, latest or v{n}, and bad slugs, naming the field", async () => {
    await reg("n1");
    for (const bad of ["production", "staging", "latest", "v3", "v12", "-x", "a b", "a@b", "x".repeat(65)]) {
      const err = await put(bad, "n1").catch((e) => e);
      expect(err, bad).toBeInstanceOf(InvalidError);
      expect(Object.keys(err.fieldErrors), bad).toEqual(["alias"]);
    }
    const noVersion = await setAlias(t.db, w.actors.member, w.org, "private", "ok", {}).catch((e) => e);
    expect(noVersion).toBeInstanceOf(InvalidError);
    expect(Object.keys(noVersion.fieldErrors)).toEqual(["version"]);
  });

  it("a version cannot be named with @ (the alias syntax)", async () => {
    await expect(reg("@champion")).rejects.toBeInstanceOf(InvalidError);
    await expect(reg("a@b")).rejects.toBeInstanceOf(InvalidError);
  });
});

describe("protected alias requests (the model requires approval)", () => {
  it("a member's move becomes a request an admin approves; one request per alias; the history shows it", async () => {
    await t.db
      .update(projects)
      .set({ settings: { requireApproval: true } })
      .where(eq(projects.id, w.projectIds.granted));
    await reg("g1", "granted");
    await reg("g2", "granted");
    await put("champion", "g1", w.actors.admin, "granted");
    const asked = await put("champion", "g2", w.actors.member, "granted");
    expect(asked).toMatchObject({ pending: true, created: false, alias: { alias: "champion", version: "g2" } });
    expect(await aliasesOf("g1", "granted")).toEqual(["champion"]);
    await expect(put("champion", "g1", w.actors.member, "granted")).rejects.toBeInstanceOf(ConflictError);
    const g2 = (await getVersion(t.db, w.actors.owner, w.org, "granted", "model", "g2")).version.id;
    expect((await aliasHistoryOf(t.db, g2)).at(-1)).toMatchObject({ alias: "champion", status: "Pending", user: "al-member", from: "g1" });
    // a viewer and a member may not decide; someone else may not withdraw it; a stale request id is refused
    await expect(decideAliasRequest(t.db, w.actors.member, w.org, "granted", "champion", "approve")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(decideAliasRequest(t.db, w.actors.admin, w.org, "granted", "champion", "withdraw")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      decideAliasRequest(t.db, w.actors.admin, w.org, "granted", "champion", "approve", { request_id: "00000000-0000-4000-8000-000000000000" }),
    ).rejects.toBeInstanceOf(ConflictError);
    const done = await decideAliasRequest(t.db, w.actors.admin, w.org, "granted", "champion", "approve", { request_id: asked.requestId });
    expect(done.alias).toMatchObject({ alias: "champion", version: "g2", updatedBy: "al-admin" });
    expect(await aliasesOf("g1", "granted")).toEqual([]);
    const [a] = await t.db
      .select()
      .from(activities)
      .where(and(eq(activities.verb, "version.alias_moved"), eq(activities.target, "g2")));
    expect(a.details).toMatchObject({ alias: "champion", from: "g1", to: "g2", decision: "approved", requested_by: "al-member" });
    await expect(decideAliasRequest(t.db, w.actors.admin, w.org, "granted", "champion", "approve")).rejects.toBeInstanceOf(ConflictError);
  });

  it("a rejected or withdrawn request leaves the alias where it was", async () => {
    await put("champion", "g1", w.actors.member, "granted");
    await decideAliasRequest(t.db, w.actors.admin, w.org, "granted", "champion", "reject", { reason: "Not yet" });
    expect(await aliasesOf("g2", "granted")).toEqual(["champion"]);
    await put("champion", "g1", w.actors.member, "granted");
    await decideAliasRequest(t.db, w.actors.member, w.org, "granted", "champion", "withdraw");
    expect(await aliasesOf("g2", "granted")).toEqual(["champion"]);
    const statuses = (await aliasEventsOf(t.db, w.projectIds.granted, "champion")).map((e) => e.status);
    expect(statuses.slice(0, 4)).toEqual(["Withdrawn", "Requested", "Rejected", "Requested"]);
    // without approvals on, the member is refused outright
    await t.db.update(projects).set({ settings: {} }).where(eq(projects.id, w.projectIds.granted));
    await expect(put("champion", "g1", w.actors.member, "granted")).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe.runIf(onServer())("concurrent alias moves on the PostgreSQL server", () => {
  it("16 concurrent moves of one alias leave it on exactly one version with 16 history entries", async () => {
    const names = Array.from({ length: 16 }, (_, i) => `c${i}`);
    for (const n of names) await reg(n, "public");
    await Promise.all(names.map((n) => put("racer", n, w.actors.member, "public")));
    const events = await aliasEventsOf(t.db, w.projectIds.public, "racer");
    expect(events).toHaveLength(16);
    // each entry starts where the previous one left it (newest first)
    for (let i = 0; i < events.length - 1; i++) expect(events[i].fromVersionName).toBe(events[i + 1].versionName);
    expect(events.at(-1)!.fromVersionName).toBeNull();
    const holders = [];
    for (const n of names) if ((await aliasesOf(n, "public")).includes("racer")) holders.push(n);
    expect(holders).toEqual([events[0].versionName]);
  });
});
