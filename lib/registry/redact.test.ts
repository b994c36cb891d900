// Public versions, their stage history and the activity logs never name a project the reader may not see:
// it is "private", with no link (redact.ts). Readers who may see it get the real name.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { buildAccessWorld, type AccessWorld, type ActorName } from "@/lib/testing/access-world";
import { versionToApi } from "./version-view";
import { listOrgActivity } from "./org-activity";
import { listProjectActivity } from "./project-activity";
import { setPromotionSources } from "./project-settings";
import { promoteRun } from "./promote";
import { createRun } from "./runs";
import { getStages } from "./stages";
import { compareVersions } from "./version-list";
import { copyVersion, transferVersion } from "./version-transfer";
import { getVersion, listVersions, registerVersion } from "./versions";

let t: TestDb;
let w: AccessWorld;
let secret = "";

beforeAll(async () => {
  t = await createTestDb();
  w = await buildAccessWorld(t.db, "rd");
  // `restricted` (team t only) trains; its run is promoted into the public model.
  secret = `${w.org}/restricted`;
  await setPromotionSources(t.db, w.actors.owner, w.org, "public", ["restricted"]);
  const { run } = await createRun(t.db, w.actors.owner, w.org, "restricted", { name: "train-1", outputs: { auc: 0.97 } });
  await promoteRun(t.db, w.actors.owner, w.org, "restricted", run.uuid, { project: "public", name: "promoted" });
  // A version of `restricted` is copied into the public model, and one is transferred there.
  await registerVersion(t.db, w.actors.owner, w.org, "restricted", "model", { name: "inner" });
  await copyVersion(t.db, w.actors.owner, w.org, "restricted", "model", "inner", { project: "public", name: "copied" });
  await registerVersion(t.db, w.actors.owner, w.org, "restricted", "model", { name: "moved" });
  await transferVersion(t.db, w.actors.owner, w.org, "restricted", "model", "moved", { project: "public" });
});
afterAll(async () => t.close());

const HIDDEN: ActorName[] = ["anonymous", "outsider", "member", "admin"];
const SEEING: ActorName[] = ["teamAdmin", "owner", "outsiderGranted"];

describe("a public version that names a private project", () => {
  it("a reader who may not see the run's project gets 'private', no run uuid, no link — in the version, the API shape and the list", async () => {
    for (const who of HIDDEN) {
      const r = await getVersion(t.db, w.actors[who], w.org, "public", "model", "promoted");
      const api = versionToApi(r.version, r.access, r.conditions);
      expect(api, who).toMatchObject({ run_project: "private", run_url: null, run: null });
      expect(JSON.stringify(api), who).not.toContain(secret);
      const list = await listVersions(t.db, w.actors[who], w.org, "public", "model", { limit: 50, offset: 0 });
      expect(JSON.stringify(list.results), who).not.toContain(secret);
      expect(list.results.find((v) => v.name === "promoted")?.runProject).toBe("private");
      const cmp = await compareVersions(t.db, w.actors[who], w.org, "public", "model", ["promoted", "copied"]);
      expect(JSON.stringify(cmp.versions), who).not.toContain(secret);
    }
  });

  it("a reader who may see it gets the real name and link", async () => {
    for (const who of SEEING) {
      const r = await getVersion(t.db, w.actors[who], w.org, "public", "model", "promoted");
      const api = versionToApi(r.version, r.access, r.conditions);
      expect(api.run_project, who).toBe(secret);
      expect(api.run_url).toMatch(new RegExp(`^/${secret}/runs/`));
    }
  });

  it("a copy from a restricted model: copied_from, the history's origin and message are 'private' for those who may not see it", async () => {
    for (const who of HIDDEN) {
      const r = await getVersion(t.db, w.actors[who], w.org, "public", "model", "copied");
      const api = versionToApi(r.version, r.access, r.conditions);
      expect(api.copied_from, who).toBe("private");
      expect(api.stage_conditions[0].meta_info.copied_from).toBe("private");
      expect(api.stage_conditions[0].message).toMatch(/^Copied from private/);
      const stages = await getStages(t.db, w.actors[who], w.org, "public", "model", "copied");
      expect(JSON.stringify(stages), who).not.toContain(secret);
    }
    const seen = await getVersion(t.db, w.actors.teamAdmin, w.org, "public", "model", "copied");
    expect(versionToApi(seen.version, seen.access, seen.conditions).copied_from).toBe(`${secret}:inner`);
    expect(seen.conditions[0].message).toContain(`${secret}:inner`);
  });

  it("activity: the public model's log (copies, transfers) and the org log name the restricted model only to those who may see it", async () => {
    for (const who of HIDDEN) {
      const log = await listProjectActivity(t.db, w.actors[who], w.org, "public", { limit: 50, offset: 0 });
      expect(JSON.stringify(log.rows), who).not.toContain(secret);
      const copied = log.rows.find((r) => r.verb === "version.copied");
      expect(copied?.details.from).toBe("private");
      expect(log.rows.find((r) => r.verb === "version.transferred_in")?.details).toMatchObject({ from: "private", to: `${w.org}/public` });
    }
    for (const who of ["member", "viewer", "admin"] as const) {
      const org = await listOrgActivity(t.db, w.actors[who], w.org, { limit: 100, offset: 0 });
      expect(JSON.stringify(org.rows), who).not.toContain(secret);
      // Still there, redacted: the public model's row of the copy.
      expect(org.rows.some((r) => r.verb === "version.copied" && r.details.from === "private")).toBe(true);
      // The promotion sources of the public model name the restricted one: redacted too.
      expect(org.rows.find((r) => r.verb === "project.sources_changed")?.details.sources).toEqual(["private"]);
    }
    const log = await listProjectActivity(t.db, w.actors.teamAdmin, w.org, "public", { limit: 50, offset: 0 });
    expect(log.rows.find((r) => r.verb === "version.copied")?.details.from).toBe(`${secret}:inner`);
  });
});
