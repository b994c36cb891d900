// The inbox: pending stage and alias requests for those who may decide them, the requester's own with their
// outcome, nothing for viewers and outsiders.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { projects } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { buildAccessWorld, type AccessWorld } from "@/lib/testing/access-world";
import { decideAliasRequest, setAlias } from "./aliases";
import { approveStageRequest } from "./approvals";
import { countDecidable, listRequests } from "./inbox";
import { changeStageOrRequest } from "./stages";
import { registerVersion } from "./versions";

let t: TestDb;
let w: AccessWorld;
beforeAll(async () => {
  t = await createTestDb();
  w = await buildAccessWorld(t.db, "ib");
  await t.db
    .update(projects)
    .set({ settings: { requireApproval: true } })
    .where(eq(projects.id, w.projectIds.private));
});
afterAll(async () => t.close());

describe("the inbox", () => {
  it("lists pending requests to those who may decide them and to their author; then the outcome to the author", async () => {
    await registerVersion(t.db, w.actors.owner, w.org, "private", "model", { name: "v1" });
    await changeStageOrRequest(t.db, w.actors.member, w.org, "private", "model", "v1", { condition: { type: "production", reason: "eval passed" } });
    await setAlias(t.db, w.actors.member, w.org, "private", "champion", { version: "v1" });

    const admin = await listRequests(t.db, w.actors.admin);
    expect(admin.map((r) => [r.kind, r.version, r.alias, r.to, r.status, r.canDecide, r.requestedBy])).toEqual([
      ["alias", "v1", "champion", "v1", "pending", true, "ib-member"],
      ["stage", "v1", null, "production", "pending", true, "ib-member"],
    ]);
    expect(await countDecidable(t.db, w.actors.admin)).toBe(2);
    const member = await listRequests(t.db, w.actors.member);
    expect(member.map((r) => [r.kind, r.status, r.canDecide, r.mine])).toEqual([
      ["alias", "pending", false, true],
      ["stage", "pending", false, true],
    ]);
    expect(await countDecidable(t.db, w.actors.member)).toBe(0);
    expect(await listRequests(t.db, w.actors.viewer)).toEqual([]);
    expect(await listRequests(t.db, w.actors.outsider)).toEqual([]);
    expect(await listRequests(t.db, w.actors.anonymous)).toEqual([]);

    await approveStageRequest(t.db, w.actors.admin, w.org, "private", "model", "v1");
    await decideAliasRequest(t.db, w.actors.admin, w.org, "private", "champion", "reject");
    expect(await listRequests(t.db, w.actors.admin)).toEqual([]);
    const outcome = await listRequests(t.db, w.actors.member);
    expect(outcome.map((r) => [r.kind, r.status, r.decidedBy]).sort()).toEqual([
      ["alias", "rejected", "ib-admin"],
      ["stage", "approved", "ib-admin"],
    ]);
  });
});
